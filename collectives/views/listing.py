"""The home page's map with its list, and the sortable table of collectives,
with their downloads (CSV/XLSX of the table, GeoJSON of the map selection)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from core.exports import FORMATS, geojson_response, table_response

from .. import comparisons, provenance, selectors
from ..filters import CollectiveFilter
from ..geojson import collectives_geojson
from ..models import Collective

PAGE_SIZE = 50


def _filtered(request: HttpRequest) -> CollectiveFilter:
    return selectors.filtered_collectives(request.GET)


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
    collectives_url = reverse("api-v1:collectives-geojson")
    return {
        "collectivesUrl": f"{collectives_url}?{query}" if query else collectives_url,
        "areasUrl": reverse("api-v1:areas-geojson"),
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
def collective_list_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The collectives table with exactly the filters on screen (all pages)."""
    if fmt not in FORMATS:
        raise Http404
    filterset = CollectiveFilter(
        request.GET or None,
        queryset=selectors.with_reading_derived(
            Collective.objects.published().for_list().with_current_positions()
        ),
    )
    fields = [
        ("name", _("Collective")),
        ("slug", _("Identifier")),
        *selectors.collective_fields(),
    ]
    return table_response(
        comparisons.one_row_each(selectors.collective_rows(filterset.qs), fields),
        fmt=fmt,
        filename="collectieven",
        request=request,
        sources=provenance.source_notes(),
    )


@require_safe
def map_selection_export(request: HttpRequest) -> HttpResponse:
    """The collectives on the map (the same filters) as a GeoJSON download."""
    return geojson_response(
        collectives_geojson(_filtered(request).qs),
        filename="collectieven",
        request=request,
        sources=provenance.source_notes(),
    )
