"""The data licence and how to cite, as the API states them: in a `Link`
header on every response (see `views.PublicAPIMixin`) and in the `license` and
`citation` fields of every list envelope (see `pagination`). The wording is the
site's one citation (core.licence)."""

from __future__ import annotations

from rest_framework.request import Request

from core import licence as site_licence

licence = site_licence.licence


def citation(request: Request) -> str:
    """How to cite the data behind this request's URL, dated today."""
    return site_licence.citation(site_licence.absolute_url(request.get_full_path()))
