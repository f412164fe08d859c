"""2 to 6 collectives side by side (`/vergelijk/?c=…&c=…`), and the table as a
download."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from core.comparing import Selection, select_by_slug, table_rows
from core.exports import FORMATS, table_response
from valuefan import charts
from valuefan.models import ValueTheme
from valuefan.selectors import (
    fan_series,
    fans_table,
    newest_fans,
    position_points,
    position_rows,
    positions_figure,
    reach_labels,
)

from .. import comparisons, provenance, selectors
from ..filters import CollectiveFilter
from ..models import Collective

SUGGESTIONS = 20
# Rows whose numbers are written with thousands grouped (15.000), as everywhere.
GROUPED = {"entrepreneurs", "floor_area"}
NUMBER_CHARTS = [
    ("entrepreneurs", gettext_lazy("Entrepreneurs"), gettext_lazy("entrepreneurs")),
    ("floor_area", gettext_lazy("Floor area"), gettext_lazy("m²")),
    ("age", gettext_lazy("Age"), gettext_lazy("years")),
]


def _compared(request: HttpRequest) -> tuple[Selection, list[dict]]:
    selection = select_by_slug(
        request.GET.getlist("c"),
        selectors.with_reading_derived(
            Collective.objects.published().for_list().with_current_positions()
        ),
        _("collectives"),
    )
    return selection, selectors.collective_rows(selection.items)


def _suggestions(request: HttpRequest, selection: Selection) -> list[Collective]:
    """Published collectives matching `?q=` (or the first ones) that are not yet
    chosen: a bounded list to add from."""
    chosen = [c.pk for c in selection.items]
    filterset = CollectiveFilter(
        {"q": request.GET.get("q", "")},
        queryset=Collective.objects.published().exclude(pk__in=chosen),
    )
    return list(filterset.qs[:SUGGESTIONS]) if filterset.is_valid() else []


def _charts(collectives: list[Collective], rows: list[dict]) -> dict:
    """The tables and charts of a ready comparison."""
    themes = list(ValueTheme.objects.all())
    fans = newest_fans([c.pk for c in collectives])
    names = [c.name for c in collectives]
    series = [fan_series(c.name, fans[c.pk]) for c in collectives if c.pk in fans]
    points = position_points([c.pk for c in collectives])
    # On screen the step once, as "5. Partnerschap"; files have the number too.
    fields = [f for f in selectors.collective_fields() if f[0] != "step_number"]
    table = comparisons.side_by_side(rows, fields)
    return {
        "names": names,
        "table_rows": table_rows(table),
        "grouped_rows": {str(label) for key, label in fields if key in GROUPED},
        "fans_figure": charts.value_fans_figure(
            [charts.Theme(t.name, t.colour) for t in themes],
            series,
            reach_labels(),
            title=_("Value fans compared"),
        )
        if series
        else None,
        "fan_table": fans_table(themes, [fans.get(c.pk) for c in collectives]),
        "number_figures": charts.number_figures(names, rows, NUMBER_CHARTS),
        "positions_figure": positions_figure(points) if points else None,
        "position_rows": position_rows(points),
    }


@require_safe
def compare_collectives(request: HttpRequest) -> HttpResponse:
    """2–6 collectives side by side: key facts, overlaid value fans, ladder,
    regie/samenwerking and charts of the numbers."""
    selection, rows = _compared(request)
    context = {
        "selection": selection,
        "suggestions": _suggestions(request, selection),
        "query": request.GET.get("q", ""),
        "chosen_query": "&".join(f"c={c.slug}" for c in selection.items),
    }
    if selection.ready:
        context |= _charts(selection.items, rows)
    return render(request, "collectives/compare.html", context)


@require_safe
def compare_collectives_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The comparison table on screen as CSV or XLSX, one row per collective."""
    if fmt not in FORMATS:
        raise Http404
    selection, rows = _compared(request)
    if not selection.ready:
        raise Http404(" ".join(selection.errors))
    fields = [("name", _("Collective")), *selectors.collective_fields()]
    return table_response(
        comparisons.one_row_each(rows, fields),
        fmt=fmt,
        filename="vergelijking-collectieven",
        request=request,
        sources=provenance.source_notes(),
    )
