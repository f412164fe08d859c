from __future__ import annotations

import hashlib

from django import forms
from django.conf import settings
from django.contrib.gis.db.models.functions import AsGeoJSON
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from valuefan import views as valuefan_views

from . import content_version
from .filters import CollectiveFilter
from .geojson import areas_geojson, collectives_geojson
from .models import Area, Collective

PAGE_SIZE = 50


def _filtered(request: HttpRequest) -> CollectiveFilter:
    return CollectiveFilter(
        request.GET or None, queryset=Collective.objects.published().for_list()
    )


def _listing_context(request: HttpRequest) -> dict:
    """The filter form and the page of collectives it selects."""
    filterset = _filtered(request)
    return {
        "filter": filterset,
        "page": Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page")),
        "filter_query": _querystring_without(request, "page"),
    }


def _querystring_without(request: HttpRequest, *keys: str) -> str:
    params = request.GET.copy()
    for key in keys:
        params.pop(key, None)
    return params.urlencode()


def _map_config(request: HttpRequest, filterset: CollectiveFilter) -> dict:
    """What the map script needs: data URLs for the selection on screen (invalid
    filter values left out, as the list leaves them out), and the page-language
    link template and labels."""
    invalid = filterset.errors.keys() if filterset.is_bound else ()
    query = _querystring_without(request, "page", "sort", *invalid)
    collectives_url = reverse("api:collectives-geojson")
    return {
        "collectivesUrl": f"{collectives_url}?{query}" if query else collectives_url,
        "areasUrl": reverse("api:areas-geojson"),
        "detailUrl": reverse("collectives:detail", kwargs={"slug": "__slug__"}),
        "kinds": {value: str(label) for value, label in Collective.Kind.choices},
        "labels": {
            "profile": _("Open profile"),
            "pick": _("Add to comparison"),
            "picked": _("Added to comparison"),
            "approximate": _("Approximate location"),
            "entrepreneurs": [
                ngettext("%s entrepreneur", "%s entrepreneurs", n) for n in (1, 2)
            ],
            "loaded": [
                ngettext("%s collective on the map.", "%s collectives on the map.", n)
                for n in (1, 2)
            ],
            "error": _(
                "The map data could not be loaded; the list shows the same collectives."
            ),
            "cluster": [
                ngettext(
                    "%s collective here, zoom in", "%s collectives here, zoom in", n
                )
                for n in (1, 2)
            ],
        },
    }


@require_safe
def collective_map(request: HttpRequest) -> HttpResponse:
    """The home page: a map of the published collectives, filters and the same
    selection as a list (the map's accessible alternative)."""
    context = _listing_context(request)
    context["map_config"] = _map_config(request, context["filter"])
    return render(request, "collectives/map.html", context)


@require_safe
def collective_list(request: HttpRequest) -> HttpResponse:
    """A sortable, filterable table of the published collectives."""
    context = _listing_context(request) | {"columns": _sortable_columns(request)}
    # Each row's link and checkbox label made here rather than with a tag per row.
    url = reverse("collectives:detail", kwargs={"slug": "__slug__"})
    for collective in context["page"].object_list:
        collective.url = url.replace("__slug__", collective.slug)
        collective.compare_label = _("Compare %(name)s") % {"name": collective.name}
    return render(request, "collectives/collective_list.html", context)


SORTABLE_COLUMNS = [
    ("name", _lazy("Name")),
    ("city", _lazy("City")),
    ("area", _lazy("Area")),
    ("kind", _lazy("Kind")),
    ("founded", _lazy("Founded")),
    ("entrepreneurs", _lazy("Entrepreneurs")),
    ("floor_area", _lazy("Floor area (m²)")),
]


def _sortable_columns(request: HttpRequest) -> list[dict]:
    """Table headers with the link that sorts by them (again: reversed) and the
    aria-sort state of the current order."""
    base = _querystring_without(request, "page", "sort")
    current = request.GET.get("sort", "")
    columns = []
    for param, label in SORTABLE_COLUMNS:
        if current == param:
            state, next_param = "ascending", f"-{param}"
        elif current == f"-{param}":
            state, next_param = "descending", param
        else:
            state, next_param = None, param
        query = f"{base}&sort={next_param}" if base else f"sort={next_param}"
        columns.append({"label": label, "url": f"?{query}", "aria_sort": state})
    return columns


@require_safe
def collective_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A collective's profile: facts, roles, timeline, stakeholders, quotes, source."""
    collective = get_object_or_404(
        Collective.objects.published()
        .for_profile()
        .annotate(
            location_geojson=AsGeoJSON("location", precision=6),
            area_geojson=AsGeoJSON("area__boundary", precision=6),
        ),
        slug=slug,
    )
    stakeholders: dict[str, list] = {}
    for relation in collective.stakeholders.all():
        stakeholders.setdefault(relation.get_relation_display(), []).append(relation)
    return render(
        request,
        "collectives/collective_detail.html",
        {
            "collective": collective,
            "case_study": getattr(collective, "case_study", None),
            "stakeholders": stakeholders,
            "map_data": {
                "name": collective.name,
                "location": collective.location_geojson,
                "approximate": collective.location_precision
                == Collective.LocationPrecision.APPROXIMATE,
                "area": collective.area_geojson,
                "area_name": collective.area.name if collective.area else "",
            },
            "copy_labels": {"copied": _("Copied"), "failed": _("Select and copy")},
        }
        | valuefan_views.profile_context(request, collective),
    )


def _cached_geojson(request: HttpRequest, name: str, build) -> HttpResponse:
    """Serve GeoJSON from the cache, keyed on the data version and the query string,
    with an ETag so browsers and proxies can revalidate cheaply."""
    query = "&".join(sorted(f"{k}={v}" for k, vs in request.GET.lists() for v in vs))
    # The content version changes, in the same transaction, with any change to
    # public data (collectives/content_version.py).
    version = content_version.current()
    digest = hashlib.sha256(f"{version}|{query}".encode()).hexdigest()[:32]
    etag = f'"{name}-{digest}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        key = f"geojson:{name}:{digest}"
        body = cache.get(key)
        if body is None:
            # URLs in GeoJSON point at the default-language pages, whatever the
            # visitor's language, so the same bytes serve everyone.
            with translation.override(settings.LANGUAGE_CODE):
                body = build().encode()
            cache.set(key, body, timeout=settings.GEOJSON_MAX_AGE * 12)
        response = HttpResponse(body, content_type="application/geo+json")
    response["ETag"] = etag
    response["Link"] = f'<{settings.DATA_LICENCE_URL}>; rel="license"'
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
    filterset = _filtered(request) if request.GET else None
    if filterset is not None and not filterset.is_valid():
        return JsonResponse(
            {"detail": "Invalid filter parameters.", "errors": filterset.errors},
            status=400,
        )

    def build() -> str:
        selection = filterset if filterset is not None else _filtered(request)
        return collectives_geojson(selection.qs)

    return _cached_geojson(request, "collectives", build)


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
    return _cached_geojson(request, "areas", lambda: areas_geojson(areas))
