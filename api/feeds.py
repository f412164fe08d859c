"""The map's GeoJSON feeds (`collectives.geojson`, `areas.geojson`): built in the
database, cached per content version and query string, with an ETag."""

from __future__ import annotations

import hashlib

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from collectives.filters import CollectiveFilter
from collectives.geojson import areas_geojson, collectives_geojson
from collectives.models import Area
from collectives.selectors import filtered_collectives
from core import content_version
from core.licence import add_licence_link

# The map's filters (CollectiveFilter): the only parameters that change the data.
COLLECTIVE_PARAMS = frozenset(CollectiveFilter.base_filters)


def _cached_geojson(
    request: HttpRequest, name: str, build, known: set[str] | frozenset[str]
) -> HttpResponse:
    """Serve GeoJSON from the cache, keyed on the data version and the `known`
    query parameters (others change nothing, so they make no new copy), with an
    ETag so browsers and proxies can revalidate cheaply."""
    query = "&".join(
        sorted(f"{k}={v}" for k, vs in request.GET.lists() if k in known for v in vs)
    )
    # The content version changes, in the same transaction, with any change to
    # public data (core/content_version.py). Read as the page cache reads it:
    # no query while this worker's reading is fresh.
    version = content_version.recent()
    if version is None:
        version = content_version.current()
    digest = hashlib.sha256(f"{version}|{query}".encode()).hexdigest()[:32]
    etag = f'"{name}-{digest}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        key = f"geojson:{name}:{digest}"
        # The newest copy for these parameters, whatever its version: served
        # while the database is away (nothing can change then).
        newest = f"geojson-newest:{name}:{hashlib.sha256(query.encode()).hexdigest()}"
        body = cache.get(key)
        if body is None and content_version.database_unreachable():
            body = cache.get(newest)
        if body is None:
            # URLs in GeoJSON point at the default-language pages, whatever the
            # visitor's language, so the same bytes serve everyone.
            with translation.override(settings.LANGUAGE_CODE):
                body = build().encode()
            cache.set_many(
                {key: body, newest: body}, timeout=settings.GEOJSON_MAX_AGE * 12
            )
        response = HttpResponse(body, content_type="application/geo+json")
    response["ETag"] = etag
    add_licence_link(response)
    patch_cache_control(response, public=True, max_age=settings.GEOJSON_MAX_AGE)
    return response


# The GeoJSON views only read, and mostly from the cache: no transaction around
# them (ATOMIC_REQUESTS would add a BEGIN and a COMMIT to every cache hit).
@transaction.non_atomic_requests
@require_safe
def collectives_geojson_view(request: HttpRequest) -> HttpResponse:
    """Published collectives as GeoJSON points, filtered like the map and table."""
    # Without parameters there is nothing to check; the filter set is built only
    # when the cache misses.
    filterset = filtered_collectives(request.GET) if request.GET else None
    if filterset is not None and not filterset.is_valid():
        return JsonResponse(
            {"detail": "Invalid filter parameters.", "errors": filterset.errors},
            status=400,
        )

    def build() -> str:
        selection = (
            filterset if filterset is not None else filtered_collectives(request.GET)
        )
        return collectives_geojson(selection.qs)

    return _cached_geojson(request, "collectives", build, COLLECTIVE_PARAMS)


class AreaParams(forms.Form):
    # A form field refuses NUL bytes and overlong values before the database sees them.
    city = forms.CharField(required=False, max_length=100)


@transaction.non_atomic_requests
@require_safe
def areas_geojson_view(request: HttpRequest) -> HttpResponse:
    """Area outlines as GeoJSON polygons (flagged when approximate)."""
    if set(request.GET) - {"city"}:
        unknown = sorted(set(request.GET) - {"city"})
        return JsonResponse(
            {"detail": f"Unknown parameter(s): {', '.join(unknown)}."}, status=400
        )
    params = AreaParams(request.GET)
    if not params.is_valid():
        return JsonResponse(
            {"detail": "Invalid parameters.", "errors": params.errors}, status=400
        )
    areas = Area.objects.all()
    if city := params.cleaned_data["city"]:
        areas = areas.filter(city__iexact=city)
    return _cached_geojson(request, "areas", lambda: areas_geojson(areas), {"city"})
