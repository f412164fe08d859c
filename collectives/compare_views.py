"""Comparing collectives and areas side by side, the area pages, and the
downloads of every table (always exactly the selection on screen)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from valuefan import charts
from valuefan.models import Assessment, LadderStep, Phase, Reach, ValueReach, ValueTheme
from valuefan.views import (
    _reach_labels,
    position_points,
    position_rows,
    positions_figure,
)

from . import comparisons
from .exports import FORMATS, geojson_response, table_response
from .filters import CollectiveFilter
from .geojson import areas_geojson, collectives_geojson
from .models import Area, Collective

MIN_COMPARED, MAX_COMPARED = 2, 6
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")
SUGGESTIONS = 20


@dataclass
class Selection:
    """What the query string asks to compare, and what is wrong with it."""

    items: list = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return not self.errors and MIN_COMPARED <= len(self.items) <= MAX_COMPARED


def _select(request: HttpRequest, key: str, queryset, noun_plural: str) -> Selection:
    """Read `?key=slug&key=slug…` (order kept, duplicates dropped) and look the
    slugs up in one query; unknown ones and a wrong count become messages."""
    raw = list(dict.fromkeys(s.strip() for s in request.GET.getlist(key) if s.strip()))
    # Only slug-shaped values reach the database (a NUL byte would make it fail).
    slugs = [s for s in raw if SLUG.fullmatch(s)]
    selection = Selection()
    if invalid := [s for s in raw if not SLUG.fullmatch(s)]:
        selection.errors.append(
            _("Not a valid identifier: %(values)s.")
            % {"values": ", ".join(repr(s)[:40] for s in invalid)}
        )
    if len(slugs) > MAX_COMPARED:
        selection.errors.append(
            _("Compare at most %(max)d %(things)s at a time; you chose %(n)d.")
            % {"max": MAX_COMPARED, "things": noun_plural, "n": len(slugs)}
        )
        slugs = slugs[:MAX_COMPARED]
    found = {obj.slug: obj for obj in queryset.filter(slug__in=slugs)}
    if unknown := [s for s in slugs if s not in found]:
        selection.errors.append(
            _("Not found (or not published): %(slugs)s.")
            % {"slugs": ", ".join(unknown)}
        )
    selection.items = [found[s] for s in slugs if s in found]
    if len(selection.items) < MIN_COMPARED and not selection.errors:
        selection.errors.append(
            _("Choose at least %(min)d %(things)s to compare.")
            % {"min": MIN_COMPARED, "things": noun_plural}
        )
    return selection


def _themes() -> list[ValueTheme]:
    return list(ValueTheme.objects.all())


def _newest_fans(collectives: list[Collective]) -> dict[int, Assessment]:
    """Each collective's newest public assessment that has a value fan: two
    queries (assessments, their reaches), however many are compared."""
    assessments = (
        Assessment.objects.public()
        .filter(collective__in=collectives, reaches__isnull=False)
        .distinct()
        .for_profile()
    )
    newest: dict[int, Assessment] = {}
    for assessment in assessments:  # newest first
        newest.setdefault(assessment.collective_id, assessment)
    return newest


# --- collectives --------------------------------------------------------------


def _collective_fields() -> list[tuple[str, str]]:
    return [
        ("city", _("City")),
        ("area", _("Area")),
        ("kind", _("Kind")),
        ("founded_year", _("Founded")),
        ("age", _("Age (years)")),
        ("entrepreneurs", _("Entrepreneurs")),
        ("floor_area", _("Floor area (m²)")),
        ("tenure", _("Contract type")),
        ("term", _("Contract and term")),
        ("governance", _("Governance form")),
        ("rent", _("Rent (€/m²/year)")),
        ("rent_band", _("Rent against the affordable band (€75–125/m²/year)")),
        ("step", _("Participation ladder step")),
        ("phase", _("Phase")),
        ("regie", _("Control over own space (regie), 1–5")),
        ("samenwerking", _("Internal cooperation (samenwerking), 1–5")),
    ]


def _collective_row(collective: Collective, steps: dict[int, LadderStep]) -> dict:
    bands = {
        "below": _("below the band"),
        "within": _("within the band"),
        "above": _("above the band"),
    }
    step = steps.get(collective.current_step)
    band = comparisons.rent_band(collective.rent_eur_m2_year)
    return {
        "name": collective.name,
        "slug": collective.slug,
        "city": collective.city,
        "area": collective.area.name if collective.area else None,
        "kind": collective.get_kind_display(),
        "founded_year": collective.founded_year,
        "age": collective.age,
        "entrepreneurs": collective.entrepreneur_count,
        "floor_area": collective.floor_area_m2,
        "tenure": collective.get_tenure_display(),
        "term": collective.tenure_detail
        + (
            f" ({collective.tenure_end_date:%Y-%m-%d})"
            if collective.tenure_end_date
            else ""
        ),
        "governance": collective.get_governance_display(),
        "rent": float(collective.rent_eur_m2_year)
        if collective.rent_eur_m2_year is not None
        else None,
        "rent_band": bands[band] if band else None,
        "step": str(step) if step else None,
        "phase": Phase(collective.current_phase).label
        if collective.current_phase
        else None,
        "regie": collective.current_regie,
        "samenwerking": collective.current_samenwerking,
    }


def _compared_collectives(request: HttpRequest) -> tuple[Selection, list[dict]]:
    selection = _select(
        request,
        "c",
        Collective.objects.published().for_list().with_current_positions(),
        _("collectives"),
    )
    steps = {s.number: s for s in LadderStep.objects.all()}
    rows = [_collective_row(c, steps) for c in selection.items]
    return selection, rows


def _suggestions(request: HttpRequest, selection: Selection) -> list[Collective]:
    """Published collectives matching `?q=` (or the first ones) that are not yet
    chosen: a bounded list to add from."""
    chosen = [c.pk for c in selection.items]
    filterset = CollectiveFilter(
        {"q": request.GET.get("q", "")},
        queryset=Collective.objects.published().exclude(pk__in=chosen),
    )
    return list(filterset.qs[:SUGGESTIONS]) if filterset.is_valid() else []


@require_safe
def compare_collectives(request: HttpRequest) -> HttpResponse:
    """2–6 collectives side by side: key facts, overlaid value fans, ladder,
    regie/samenwerking and charts of the numbers."""
    selection, rows = _compared_collectives(request)
    context = {
        "selection": selection,
        "suggestions": _suggestions(request, selection),
        "query": request.GET.get("q", ""),
        "chosen_query": "&".join(f"c={c.slug}" for c in selection.items),
    }
    if selection.ready:
        themes = _themes()
        fans = _newest_fans(selection.items)
        names = [c.name for c in selection.items]
        table = comparisons.side_by_side(rows, _collective_fields())
        series = [
            charts.FanSeries(
                label=c.name,
                reaches={
                    r.theme.name: (r.reach, r.evidence)
                    for r in fans[c.pk].reaches.all()
                },
            )
            for c in selection.items
            if c.pk in fans
        ]
        points = position_points(selection.items)
        context |= {
            "names": names,
            "table_rows": [
                (label, [_display(v) for v in values])
                for label, values in zip(
                    table.index, table.values.tolist(), strict=True
                )
            ],
            "fans_figure": charts.value_fans_figure(
                [charts.Theme(t.name, t.colour) for t in themes],
                series,
                _reach_labels(),
                title=_("Value fans compared"),
            )
            if series
            else None,
            "fan_table": _fans_table(themes, selection.items, fans),
            "number_figures": [
                (
                    f"compare-{key}",
                    charts.bar_figure(
                        names,
                        [row[key] for row in rows],
                        title=title,
                        value_label=unit,
                    ),
                    title,
                )
                for key, title, unit in [
                    ("entrepreneurs", _("Entrepreneurs"), _("entrepreneurs")),
                    ("floor_area", _("Floor area"), _("m²")),
                    ("age", _("Age"), _("years")),
                ]
            ],
            "positions_figure": positions_figure(points) if points else None,
            "position_rows": position_rows(points),
        }
    return render(request, "collectives/compare.html", context)


def _display(value: object) -> object:
    """Missing values (None, NaN, pandas NA) shown as a dash."""
    try:
        missing = value is None or value != value  # NaN is not equal to itself
    except TypeError:  # pandas.NA refuses comparison
        missing = True
    if missing:
        return "–"
    # A column with a missing value turns whole numbers into floats (15000.0).
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _fans_table(
    themes: list[ValueTheme], collectives: list[Collective], fans: dict
) -> list[tuple[ValueTheme, list[str]]]:
    labels = dict(Reach.choices)
    table = []
    for theme in themes:
        cells = []
        for collective in collectives:
            fan = fans.get(collective.pk)
            reach = (
                next((r for r in fan.reaches.all() if r.theme_id == theme.pk), None)
                if fan
                else None
            )
            cells.append(str(labels[reach.reach]) if reach else "–")
        table.append((theme, cells))
    return table


@require_safe
def compare_collectives_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The comparison table on screen as CSV or XLSX, one row per collective."""
    if fmt not in FORMATS:
        raise Http404
    selection, rows = _compared_collectives(request)
    if not selection.ready:
        raise Http404(" ".join(selection.errors))
    fields = [("name", _("Collective")), *_collective_fields()]
    return table_response(
        comparisons.one_row_each(rows, fields),
        fmt=fmt,
        filename="vergelijking-collectieven",
        source_url=request.build_absolute_uri(),
    )


# --- the collectives table and the map selection --------------------------------


@require_safe
def collective_list_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The collectives table with exactly the filters on screen (all pages)."""
    if fmt not in FORMATS:
        raise Http404
    filterset = CollectiveFilter(
        request.GET or None,
        queryset=Collective.objects.published().for_list().with_current_positions(),
    )
    steps = {s.number: s for s in LadderStep.objects.all()}
    rows = [_collective_row(c, steps) for c in filterset.qs]
    fields = [
        ("name", _("Collective")),
        ("slug", _("Identifier")),
        *_collective_fields(),
    ]
    return table_response(
        comparisons.one_row_each(rows, fields),
        fmt=fmt,
        filename="collectieven",
        source_url=request.build_absolute_uri(),
    )


@require_safe
def map_selection_export(request: HttpRequest) -> HttpResponse:
    """The collectives on the map (the same filters) as a GeoJSON download."""
    filterset = CollectiveFilter(
        request.GET or None, queryset=Collective.objects.published().for_list()
    )
    return geojson_response(
        collectives_geojson(filterset.qs),
        filename="collectieven",
        source_url=request.build_absolute_uri(),
    )


# --- areas ---------------------------------------------------------------------

PUBLISHED = Q(collectives__status=Collective.Status.PUBLISHED)


def _areas_with_totals():
    """Areas with totals over their published collectives, in one query."""
    # Aggregating drops the model's default ordering: keep it explicitly.
    return Area.objects.order_by("city", "name").annotate(
        collective_count=Count("collectives", filter=PUBLISHED),
        entrepreneurs=Sum("collectives__entrepreneur_count", filter=PUBLISHED),
        floor_area=Sum("collectives__floor_area_m2", filter=PUBLISHED),
        secure=Count(
            "collectives",
            filter=PUBLISHED & Q(collectives__tenure__in=comparisons.SECURE_TENURES),
        ),
        temporary=Count(
            "collectives",
            filter=PUBLISHED & Q(collectives__tenure__in=comparisons.TEMPORARY_TENURES),
        ),
    )


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _area_fields() -> list[tuple[str, str]]:
    return [
        ("city", _("City")),
        ("kind", _("Kind")),
        ("collective_count", _("Collectives")),
        ("entrepreneurs", _("Entrepreneurs")),
        ("floor_area", _("Workspace (m²)")),
        ("secure_share", _("Share on long-term or owned tenure (%)")),
        ("temporary_share", _("Share on temporary tenure (%)")),
        ("steps", _("Collectives per ladder step (1–7)")),
        ("outline", _("Outline")),
    ]


def _area_row(area: Area, steps: list[int] | None = None) -> dict:
    def percent(value: float | None) -> float | None:
        return round(100 * value) if value is not None else None

    return {
        "name": area.name,
        "slug": area.slug,
        "city": area.city,
        "kind": area.get_kind_display(),
        "collective_count": area.collective_count,
        "entrepreneurs": area.entrepreneurs,
        "floor_area": area.floor_area,
        "secure_share": percent(_share(area.secure, area.collective_count)),
        "temporary_share": percent(_share(area.temporary, area.collective_count)),
        "steps": " · ".join(f"{n}: {c}" for n, c in enumerate(steps, 1) if c)
        if steps
        else None,
        "outline": _("approximate") if area.boundary_is_approximate else _("imported"),
    }


def _area_details(areas: list[Area], themes: list[ValueTheme]) -> tuple[dict, dict]:
    """Per area: the ladder-step distribution and the (collective, theme name,
    reach) rows of each collective's newest fan: two queries for any number of
    areas."""
    theme_names = {t.pk: t.name for t in themes}
    steps = defaultdict(list)
    for area_id, step in (
        Collective.objects.published()
        .filter(area__in=areas)
        .with_current_positions()
        .values_list("area_id", "current_step")
    ):
        steps[area_id].append(step)
    newest_fan = (
        Assessment.objects.public()
        .filter(collective=OuterRef("assessment__collective"), reaches__isnull=False)
        .order_by("-assessed_on", "-pk")
        .values("pk")[:1]
    )
    reaches = defaultdict(list)
    for area_id, collective_id, theme, reach in (
        ValueReach.objects.filter(
            assessment__collective__area__in=areas,
            assessment__collective__status=Collective.Status.PUBLISHED,
            assessment__is_public=True,
        )
        .annotate(newest=Subquery(newest_fan))
        .filter(assessment_id=F("newest"))
        .values_list(
            "assessment__collective__area_id",
            "assessment__collective_id",
            "theme_id",
            "reach",
        )
    ):
        reaches[area_id].append((collective_id, theme_names[theme], reach))
    return steps, reaches


@require_safe
def area_list(request: HttpRequest) -> HttpResponse:
    """All areas with their outline on a map and their totals."""
    # Without outlines and descriptions: the map loads the outlines from the
    # cached areas GeoJSON instead of carrying them inline (2.4 MB of HTML with
    # 2 000 areas, see bench/).
    areas = list(_areas_with_totals().defer("boundary", "description"))
    # Links and labels per row made here, not with a tag per row in the template:
    # the page lists every area.
    url = reverse("collectives:area-detail", kwargs={"slug": "__slug__"})
    for area in areas:
        area.url = url.replace("__slug__", area.slug)
        area.compare_label = _("Compare %(name)s") % {"name": area.name}
    return render(
        request,
        "collectives/area_list.html",
        {
            "rows_with_areas": [(a, _area_row(a)) for a in areas],
            "map_data": _map_data(areas_url=reverse("api:areas-geojson")),
        },
    )


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
        "areaUrl": reverse("collectives:area-detail", kwargs={"slug": "__slug__"}),
        "detailUrl": reverse("collectives:detail", kwargs={"slug": "__slug__"}),
    }


@require_safe
def area_list_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    rows = [_area_row(a) for a in _areas_with_totals().defer("boundary")]
    fields = [("name", _("Area")), *_area_fields()]
    fields = [f for f in fields if f[0] != "steps"]
    return table_response(
        comparisons.one_row_each(rows, fields),
        fmt=fmt,
        filename="gebieden",
        source_url=request.build_absolute_uri(),
    )


@require_safe
def area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """An area: outline, collectives, totals, ladder distribution, aggregated fan."""
    area = get_object_or_404(_areas_with_totals(), slug=slug)
    themes = _themes()
    steps, reaches = _area_details([area], themes)
    fan = comparisons.aggregated_fan(reaches[area.pk], [t.name for t in themes])
    collectives = list(
        Collective.objects.published().filter(area=area).for_list().order_by("name")
    )
    distribution = comparisons.step_distribution(steps[area.pk])
    ladder = list(LadderStep.objects.all())
    return render(
        request,
        "collectives/area_detail.html",
        {
            "area": area,
            "row": _area_row(area, distribution),
            "collectives": collectives,
            "distribution": [(s, distribution[s.number - 1]) for s in ladder],
            "fan_rows": fan.to_dict("records"),
            "fan_figure": _aggregated_fan_figure(themes, [(area.name, fan)]),
            "map_data": _map_data(
                areas_geojson(Area.objects.filter(pk=area.pk)),
                collectives_geojson(Collective.objects.published().filter(area=area)),
            ),
            "reach_labels": dict(Reach.choices),
        },
    )


def _aggregated_fan_figure(themes: list[ValueTheme], fans: list[tuple[str, object]]):
    """Each area's furthest reach per theme as a line on one fan."""
    series = [
        charts.FanSeries(
            label=name,
            reaches={
                row["theme"]: (int(row["furthest"]), "")
                for row in frame.to_dict("records")
            },
        )
        for name, frame in fans
        if not frame.empty
    ]
    if not series:
        return None
    return charts.value_fans_figure(
        [charts.Theme(t.name, t.colour) for t in themes],
        series,
        _reach_labels(),
        title=_("Furthest reach per value theme"),
    )


def _compared_areas(request: HttpRequest):
    selection = _select(request, "a", _areas_with_totals(), _("areas"))
    themes = _themes()
    steps, reaches = _area_details(selection.items, themes)
    rows = [
        _area_row(a, comparisons.step_distribution(steps.get(a.pk, [])))
        for a in selection.items
    ]
    return selection, rows, reaches, themes


@require_safe
def compare_areas(request: HttpRequest) -> HttpResponse:
    """2–6 areas side by side."""
    selection, rows, reaches, themes = _compared_areas(request)
    context = {
        "selection": selection,
        "all_areas": Area.objects.order_by("city", "name"),
        "chosen": {a.slug for a in selection.items},
    }
    if selection.ready:
        table = comparisons.side_by_side(rows, _area_fields())
        fans = [
            (
                a.name,
                comparisons.aggregated_fan(reaches[a.pk], [t.name for t in themes]),
            )
            for a in selection.items
        ]
        names = [a.name for a in selection.items]
        context |= {
            "names": names,
            "table_rows": [
                (label, [_display(v) for v in values])
                for label, values in zip(
                    table.index, table.values.tolist(), strict=True
                )
            ],
            "fans_figure": _aggregated_fan_figure(themes, fans),
            "number_figures": [
                (
                    f"compare-{key}",
                    charts.bar_figure(
                        names, [row[key] for row in rows], title=title, value_label=unit
                    ),
                    title,
                )
                for key, title, unit in [
                    ("collective_count", _("Collectives"), _("collectives")),
                    ("entrepreneurs", _("Entrepreneurs"), _("entrepreneurs")),
                    ("floor_area", _("Workspace"), _("m²")),
                ]
            ],
            "export_query": "&".join(f"a={a.slug}" for a in selection.items),
        }
    return render(request, "collectives/area_compare.html", context)


@require_safe
def compare_areas_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    selection, rows, _reaches, _themes_ = _compared_areas(request)
    if not selection.ready:
        raise Http404(" ".join(selection.errors))
    fields = [("name", _("Area")), *_area_fields()]
    return table_response(
        comparisons.one_row_each(rows, fields),
        fmt=fmt,
        filename="vergelijking-gebieden",
        source_url=request.build_absolute_uri(),
    )
