"""The data licence and how to cite, as the API states them: in a `Link`
header on every response (see `views.PublicAPIMixin`) and in the `license` and
`citation` fields of every list envelope (see `pagination`)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.request import Request


def licence() -> dict[str, str]:
    """The data licence as `{"name": …, "url": …}`."""
    return {"name": settings.DATA_LICENCE, "url": settings.DATA_LICENCE_URL}


def citation(request: Request) -> str:
    """How to cite the data behind this request's URL, dated today."""
    today = timezone.localdate()
    return _(
        "Collectievenatlas (%(year)s). Data retrieved %(date)s from %(url)s. "
        "Licence: %(licence)s (%(licence_url)s)."
    ) % {
        "year": today.year,
        "date": today.isoformat(),
        "url": settings.SITE_URL.rstrip("/") + request.get_full_path(),
        "licence": settings.DATA_LICENCE,
        "licence_url": settings.DATA_LICENCE_URL,
    }
