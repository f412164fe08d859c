"""Which language a piece of content is shown in (collectives/translation.py and
its siblings): an English page shows the English translation where there is
one, else the Dutch original, marked `lang="nl"`."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from core.content_languages import translated_fields
from core.i18n import is_english

register = template.Library()

DUTCH = mark_safe(' lang="nl"')


def _filled(obj, name: str) -> bool:
    return bool((getattr(obj, name, None) or "").strip())


@register.simple_tag
def text_lang(obj, field: str) -> str:
    """` lang="nl"` when the page shows `obj.<field>` in Dutch: always on a
    Dutch page, on an English page when there is no English translation."""
    if obj is None or not field:
        return DUTCH
    if is_english() and _filled(obj, f"{field}_en"):
        return ""
    return DUTCH


@register.simple_tag
def content_translation(obj) -> str:
    """On an English page: "translated" when the content of `obj` is an English
    translation of the Dutch, "partial" when some of it is, "dutch" when it is
    in Dutch only; "" on a Dutch page or when there is no content."""
    if obj is None or not is_english():
        return ""
    fields = translated_fields(type(obj))
    dutch = [f for f in fields if _filled(obj, f"{f}_nl")]
    if not dutch:
        return ""
    english = [f for f in dutch if _filled(obj, f"{f}_en")]
    if not english:
        return "dutch"
    return "translated" if len(english) == len(dutch) else "partial"
