"""The data licence and the one sentence that says how to cite the atlas's data:
every download, GeoJSON feed and API response states them the same way.

A citation names the atlas with its data version (the content version until
versioned releases exist), the date, the resource's absolute address on the
public site (`settings.SITE_URL` + the request's path, never the host the request
came in on) and the licence, followed by the sources the data comes from. This
module knows no app: the callers hand the sources in as sentences (see
collectives.provenance)."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import content_version


def licence() -> dict[str, str]:
    """The data licence as `{"name": …, "url": …}`."""
    return {"name": settings.DATA_LICENCE, "url": settings.DATA_LICENCE_URL}


def citation(
    url: str = "", *, data_version: int | None = None, sources: Sequence[str] = ()
) -> str:
    """How to cite the data behind `url` (default: the site), dated today, in the
    active language: the atlas, its data version (read when not given), the
    address and the licence, then `sources` (one sentence each)."""
    today = timezone.localdate()
    if data_version is None:
        data_version = content_version.current()
    sentence = _(
        "Collectievenatlas (%(year)s). Data version %(version)s, retrieved "
        "%(date)s from %(url)s. Licence: %(licence)s (%(licence_url)s)."
    ) % {
        "year": today.year,
        "version": data_version,
        "date": today.isoformat(),
        "url": url or settings.SITE_URL,
        "licence": settings.DATA_LICENCE,
        "licence_url": settings.DATA_LICENCE_URL,
    }
    return " ".join([sentence, *sources])


def absolute_url(path: str) -> str:
    """`path` (as `request.get_full_path()` gives it) on the public site address."""
    return settings.SITE_URL.rstrip("/") + path


def request_url(request: HttpRequest | None) -> str:
    """The absolute address of what `request` asked for, on the public site
    (query string included); the site itself without a request."""
    return absolute_url(request.get_full_path()) if request else settings.SITE_URL


def add_licence_link(response: HttpResponse) -> HttpResponse:
    """States the data licence in a `Link: <…>; rel="license"` header (RFC 8288)."""
    response["Link"] = f'<{settings.DATA_LICENCE_URL}>; rel="license"'
    return response
