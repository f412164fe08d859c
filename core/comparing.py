"""What a comparison page is asked to compare: 2 to 6 things named by slug in
the query string, with a message for every value that cannot be used."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MIN_COMPARED, MAX_COMPARED = 2, 6
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")


@dataclass
class Selection:
    """What the query string asks to compare, and what is wrong with it."""

    items: list = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.errors and MIN_COMPARED <= len(self.items) <= MAX_COMPARED


def select_by_slug(values: list[str], queryset, noun_plural: str) -> Selection:
    """Look the slugs `values` (as `?key=slug&key=slug…` gives them; order kept,
    duplicates dropped) up in `queryset` in one query; unknown ones and a wrong
    count become messages in the active language."""
    raw = list(dict.fromkeys(s.strip() for s in values if s.strip()))
    # Only slug-shaped values reach the database (a NUL byte would make it fail).
    slugs = [s for s in raw if SLUG.fullmatch(s)]
    selection = Selection()
    if invalid := [s for s in raw if not SLUG.fullmatch(s)]:
        selection.errors.append(
            _("Not a valid identifier: %(values)s.")
            % {"values": ", ".join(repr(s)[:40] for s in invalid)}
        )
    if len(slugs) > MAX_COMPARED:
        selection.errors.append(
            _("Compare at most %(max)d %(things)s at a time; you chose %(n)d.")
            % {"max": MAX_COMPARED, "things": noun_plural, "n": len(slugs)}
        )
        slugs = slugs[:MAX_COMPARED]
    found = {obj.slug: obj for obj in queryset.filter(slug__in=slugs)}
    if unknown := [s for s in slugs if s not in found]:
        selection.errors.append(
            _("Not found (or not published): %(slugs)s.")
            % {"slugs": ", ".join(unknown)}
        )
    selection.items = [found[s] for s in slugs if s in found]
    if len(selection.items) < MIN_COMPARED and not selection.errors:
        selection.errors.append(
            _("Choose at least %(min)d %(things)s to compare.")
            % {"min": MIN_COMPARED, "things": noun_plural}
        )
    return selection


def display(value: object) -> object:
    """Missing values (None, NaN, pandas NA) shown as a dash, true and false as
    yes and no."""
    try:
        missing = value is None or value != value  # NaN is not equal to itself
    except TypeError:  # pandas.NA refuses comparison
        missing = True
    if missing:
        return "–"
    if isinstance(value, bool) or str(getattr(value, "dtype", "")) == "bool":
        return _("yes") if value else _("no")
    # A column with a missing value turns whole numbers into floats (15000.0).
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def table_rows(table) -> list[tuple[str, list[object]]]:
    """A side-by-side frame (one column per compared thing) as (label, cells)
    rows, missing cells shown as a dash."""
    return [
        (label, [display(v) for v in values])
        for label, values in zip(table.index, table.values.tolist(), strict=True)
    ]
