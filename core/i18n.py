"""Content that is data rather than interface text carries its Dutch and its
English wording in two fields; this is the one place that picks between them."""

from __future__ import annotations

from django.utils.translation import get_language


def is_english() -> bool:
    return (get_language() or "nl").startswith("en")


def localised(obj: object, field: str) -> str:
    """`obj.<field>_en` when the active language is English and it is filled in,
    else `obj.<field>_nl`."""
    value = getattr(obj, f"{field}_en") if is_english() else ""
    return value or getattr(obj, f"{field}_nl")


class BilingualMixin:
    """`name` and `description` of a model with `_nl` and `_en` fields follow the
    active language."""

    def _localised(self, field: str) -> str:
        return localised(self, field)

    @property
    def name(self) -> str:
        return localised(self, "name")

    @property
    def description(self) -> str:
        return localised(self, "description")
