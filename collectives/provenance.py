"""Where the atlas's data comes from, as every download and API response cites
it (core.licence.citation): the whitepaper is the source of the six cases'
facts and of their readings (ladder step, regie, samenwerking, phase, value
fans), which are derived from its text, not measured."""

from __future__ import annotations

import json
from typing import Any

from django.db.models import Subquery
from django.db.models.functions import JSONObject
from django.utils.translation import gettext as _

from core.models import ContentVersion

from .models import Source

WHITEPAPER = "samen-ruimte-maken-voor-werk-2024"
_CITED_FIELDS = ("authors", "month", "year", "title", "subtitle", "publisher", "url")


def whitepaper_notes(source: Source | None) -> list[str]:
    """The sentence naming the whitepaper as the source of the six cases' facts
    and readings (none when it is not in the database)."""
    if source is None:
        return []
    return [
        _("Facts and readings of the six cases: %(source)s")
        % {"source": source.citation()}
    ]


def source_notes() -> list[str]:
    """The sources every citation names, as sentences (one query)."""
    return whitepaper_notes(
        Source.objects.filter(slug=WHITEPAPER).only(*_CITED_FIELDS).first()
    )


def annotations() -> dict[str, Subquery]:
    """The data version and the whitepaper's citation fields, to annotate on a
    queryset that is read anyway: a list can cite its data without a query of
    its own (see api.pagination)."""
    return {
        "cited_data_version": Subquery(
            ContentVersion.objects.filter(pk=1).values("version")[:1]
        ),
        "cited_whitepaper": Subquery(
            Source.objects.filter(slug=WHITEPAPER)
            .annotate(cited=JSONObject(**{f: f for f in _CITED_FIELDS}))
            .values("cited")[:1]
        ),
    }


def from_annotations(row: Any) -> tuple[int, list[str]]:
    """The data version and source sentences from a row annotated with
    annotations()."""
    fields = row.cited_whitepaper
    if isinstance(fields, str):  # SQLite hands JSON back as text
        fields = json.loads(fields)
    source = Source(**fields) if fields else None
    return row.cited_data_version or 0, whitepaper_notes(source)
