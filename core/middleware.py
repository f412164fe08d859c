"""Middleware of the ground floor."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

# Downloads of public data; the API lives under /api/.
OPEN_DATA_SUFFIXES = (".csv", ".xlsx", ".geojson")
OPEN_DATA_PREFIXES = ("/api/",)
# Never on these, whatever they end with: owners' data and forms.
PRIVATE_PREFIXES = ("/mijn/", "/aanmelden/", "/moderatie/", "/account/")


def is_open_data(path: str) -> bool:
    """Whether `path` (with or without the /en/ prefix) is a public data route:
    the API, the GeoJSON feeds and the table downloads."""
    bare = path.removeprefix("/en")
    if bare.startswith(PRIVATE_PREFIXES):
        return False
    return bare.startswith(OPEN_DATA_PREFIXES) or bare.endswith(OPEN_DATA_SUFFIXES)


class OpenDataCORSMiddleware:
    """`Access-Control-Allow-Origin: *` on read-only requests of open data, the
    open-data convention, so other sites' scripts can read it. Never on account
    or form routes; never with credentials."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method in ("GET", "HEAD") and is_open_data(request.path_info):
            response["Access-Control-Allow-Origin"] = "*"
        return response
