from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def languages(request) -> dict:
    """The language switch: per language, this page's URL in that language.

    The switch posts the already-translated URL as `next`, because set_language
    resolves `next` under the language the request arrived in, which fails for
    /en/… pages when the default language has no prefix."""
    current = get_language()
    path = request.get_full_path()
    return {
        "language_switch": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": translate_url(path, code),
                "current": code == current,
            }
            for code, _name in settings.LANGUAGES
        ]
    }


def moderation(request) -> dict:
    """Whether the visitor moderates, for the header's link to the queue."""
    from collectives.services import is_moderator

    user = getattr(request, "user", None)
    return {"is_moderator": bool(user and is_moderator(user))}
