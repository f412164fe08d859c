"""Area pages: all areas on a map with their totals, one area, and 2 to 6 areas
side by side, each table also as a download."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from collectives import comparisons, provenance
from collectives.geojson import areas_geojson, collectives_geojson
from collectives.models import Area, Collective
from core.comparing import table_rows
from core.exports import FORMATS, table_response
from valuefan import charts
from valuefan.models import LadderStep, Reach, ValueTheme

from . import selectors

NUMBER_CHARTS = [
    ("collective_count", gettext_lazy("Collectives"), gettext_lazy("collectives")),
    ("entrepreneurs", gettext_lazy("Entrepreneurs"), gettext_lazy("entrepreneurs")),
    ("floor_area", gettext_lazy("Workspace"), gettext_lazy("m²")),
]


def _map_data(
    areas: str | None = None,
    collectives: str | None = None,
    *,
    areas_url: str | None = None,
) -> dict:
    """What static/js/area-map.js draws: outlines (inline, or loaded from
    `areas_url`), markers and link templates."""
    return {
        "areas": areas,
        "areasUrl": areas_url,
        "collectives": collectives,
        "areaUrl": reverse("areas:detail", kwargs={"slug": "__slug__"}),
        "detailUrl": reverse("collectives:detail", kwargs={"slug": "__slug__"}),
    }


def _table_download(request, rows: list[dict], fields, filename: str, fmt: str):
    return table_response(
        comparisons.one_row_each(rows, fields),
        fmt=fmt,
        filename=filename,
        request=request,
        sources=provenance.source_notes(),
    )


@require_safe
def area_list(request: HttpRequest) -> HttpResponse:
    """All areas with their outline on a map and their totals."""
    # Without outlines and descriptions: the map loads the outlines from the
    # cached areas GeoJSON instead of carrying them inline (2.4 MB of HTML with
    # 2 000 areas, see bench/).
    areas = list(selectors.areas_with_totals().defer("boundary", "description"))
    # Links and labels per row made here, not with a tag per row in the template:
    # the page lists every area.
    url = reverse("areas:detail", kwargs={"slug": "__slug__"})
    for area in areas:
        area.url = url.replace("__slug__", area.slug)
        area.compare_label = _("Compare %(name)s") % {"name": area.name}
    return render(
        request,
        "areas/list.html",
        {
            "rows_with_areas": [(a, selectors.area_row(a)) for a in areas],
            "map_data": _map_data(areas_url=reverse("api-v1:areas-geojson")),
        },
    )


@require_safe
def area_list_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    areas = selectors.areas_with_totals().defer("boundary")
    fields = [("name", _("Area")), *selectors.area_fields()]
    fields = [f for f in fields if not selectors.is_step_field(f[0])]
    rows = [selectors.area_row(a) for a in areas]
    return _table_download(request, rows, fields, "gebieden", fmt)


@require_safe
def area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An area: outline, collectives, totals, ladder distribution, aggregated fan."""
    area = get_object_or_404(selectors.areas_with_totals(), slug=slug)
    themes = list(ValueTheme.objects.all())
    steps, reaches, derived = selectors.area_details([area], themes)
    fan = comparisons.aggregated_fan(reaches[area.pk], [t.name for t in themes])
    published = Collective.objects.published().filter(area=area)
    distribution = comparisons.step_distribution(steps[area.pk])
    context = {
        "area": area,
        "row": selectors.area_row(area, distribution, derived[area.pk]),
        "collectives": list(published.for_list().order_by("name")),
        "distribution": [
            (s, distribution[s.number - 1]) for s in LadderStep.objects.all()
        ],
        "fan_rows": fan.to_dict("records"),
        "fan_figure": selectors.aggregated_fan_figure(themes, [(area.name, fan)]),
        "map_data": _map_data(
            areas_geojson(Area.objects.filter(pk=area.pk)),
            collectives_geojson(published),
        ),
        "reach_labels": dict(Reach.choices),
    }
    return render(request, "areas/detail.html", context)


@require_safe
def compare_areas(request: HttpRequest) -> HttpResponse:
    """2–6 areas side by side."""
    selection, rows, reaches, themes = selectors.compared_areas(
        request.GET.getlist("a")
    )
    context = {
        "selection": selection,
        "all_areas": Area.objects.order_by("city", "name"),
        "chosen": {a.slug for a in selection.items},
    }
    if selection.ready:
        names = [a.name for a in selection.items]
        fans = [
            (
                a.name,
                comparisons.aggregated_fan(reaches[a.pk], [t.name for t in themes]),
            )
            for a in selection.items
        ]
        table = comparisons.side_by_side(rows, selectors.area_fields())
        context |= {
            "names": names,
            "table_rows": table_rows(table),
            "grouped_rows": selectors.grouped_labels(),
            "fans_figure": selectors.aggregated_fan_figure(themes, fans),
            "number_figures": charts.number_figures(names, rows, NUMBER_CHARTS),
            "export_query": "&".join(f"a={a.slug}" for a in selection.items),
        }
    return render(request, "areas/compare.html", context)


@require_safe
def compare_areas_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    selection, rows, _reaches, _themes = selectors.compared_areas(
        request.GET.getlist("a")
    )
    if not selection.ready:
        raise Http404(" ".join(selection.errors))
    fields = [("name", _("Area")), *selectors.area_fields()]
    return _table_download(request, rows, fields, "vergelijking-gebieden", fmt)
