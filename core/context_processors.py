from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info


def languages(request) -> dict:
    """The language switch: per language, this page's URL in that language.

    Plain links, not a form: the language is in the URL (Dutch unprefixed,
    English under /en/), so no cookie is needed, and pages stay free of CSRF
    tokens, which lets anonymous pages be cached (core/pagecache.py)."""
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
