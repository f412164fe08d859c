"""The data licence and how to cite, as the API states them: in a `Link`
header on every response (see `views.PublicAPIMixin`) and in the `license` and
`citation` fields of every list envelope (see `pagination`). The wording is the
site's one citation (core.licence), with the sources of collectives.provenance."""

from __future__ import annotations

from typing import Any

from rest_framework.request import Request

from collectives import provenance
from core import licence as site_licence

licence = site_licence.licence


def citation(request: Request, row: Any = None) -> str:
    """How to cite the data behind this request's URL, dated today. `row`, if
    given, carries provenance.annotations() (so citing costs no query)."""
    if row is not None:
        version, sources = provenance.from_annotations(row)
    else:
        version, sources = None, provenance.source_notes()
    return site_licence.citation(
        site_licence.request_url(request), data_version=version, sources=sources
    )
