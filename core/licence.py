"""The data licence and the one sentence that says how to cite the atlas's data:
every download, GeoJSON feed and API response states them the same way."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _


def licence() -> dict[str, str]:
    """The data licence as `{"name": …, "url": …}`."""
    return {"name": settings.DATA_LICENCE, "url": settings.DATA_LICENCE_URL}


def citation(url: str = "") -> str:
    """How to cite the data behind `url` (default: the site), dated today, in the
    active language."""
    today = timezone.localdate()
    return _(
        "Collectievenatlas (%(year)s). Data retrieved %(date)s from %(url)s. "
        "Licence: %(licence)s (%(licence_url)s)."
    ) % {
        "year": today.year,
        "date": today.isoformat(),
        "url": url or settings.SITE_URL,
        "licence": settings.DATA_LICENCE,
        "licence_url": settings.DATA_LICENCE_URL,
    }


def absolute_url(path: str) -> str:
    """`path` (as `request.get_full_path()` gives it) on the public site address."""
    return settings.SITE_URL.rstrip("/") + path


def add_licence_link(response: HttpResponse) -> HttpResponse:
    """States the data licence in a `Link: <…>; rel="license"` header (RFC 8288)."""
    response["Link"] = f'<{settings.DATA_LICENCE_URL}>; rel="license"'
    return response
