"""Reads of areas that the area pages and their downloads share: totals over
their published collectives, the comparison rows, the ladder distribution and
the aggregated value fan."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from collectives import comparisons
from collectives.models import Area, Collective
from collectives.selectors import step_derived
from core.comparing import select_by_slug
from valuefan import charts
from valuefan.models import Assessment, ValueReach, ValueTheme
from valuefan.selectors import reach_labels

PUBLISHED = Q(collectives__status=Collective.Status.PUBLISHED)
LADDER_STEPS = range(1, 8)


def areas_with_totals() -> QuerySet[Area]:
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


def area_fields() -> list[tuple[str, str]]:
    """(row key, label) of the facts compared per area, in display order."""
    return [
        ("city", _("City")),
        ("kind", _("Kind")),
        ("collective_count", _("Collectives")),
        ("entrepreneurs", _("Entrepreneurs")),
        ("floor_area", _("Workspace (m²)")),
        ("secure_share", _("Share on long-term or owned tenure (%)")),
        ("temporary_share", _("Share on temporary tenure (%)")),
        ("tenure_unknown", _("Collectives whose tenure or term is unknown")),
        # The distribution as numbers, one per step, as files need them.
        *(
            (f"step_{n}", _("Collectives on ladder step %(number)d") % {"number": n})
            for n in LADDER_STEPS
        ),
        ("derived_readings", _("Collectives whose ladder step is a derived reading")),
        ("outline", _("Outline")),
    ]


def grouped_labels() -> set[str]:
    """Labels of the area_fields() whose numbers are written with thousands
    grouped (15.000), as on every page."""
    return {
        str(label)
        for key, label in area_fields()
        if key in ("entrepreneurs", "floor_area")
    }


def is_step_field(key: str) -> bool:
    """Whether an area_fields() key belongs to the ladder distribution (known
    only where area_details was read)."""
    return key.startswith("step_") or key == "derived_readings"


def area_row(
    area: Area, steps: list[int] | None = None, derived: int | None = None
) -> dict:
    """An area's facts (from areas_with_totals) keyed as area_fields(), plus name
    and slug; `steps` is its step distribution (collectives per step 1–7) and
    `derived` how many of those steps are derived readings (see area_details)."""

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
        # A rent whose term the source does not give, or tenure varying per
        # property: said, not counted as secure.
        "tenure_unknown": area.collective_count - area.secure - area.temporary,
        **{f"step_{n}": steps[n - 1] if steps else None for n in LADDER_STEPS},
        "derived_readings": derived,
        "outline": _("approximate") if area.boundary_is_approximate else _("imported"),
    }


def area_details(
    areas: list[Area], themes: list[ValueTheme]
) -> tuple[dict, dict, dict]:
    """Per area: the collectives' current ladder steps, the (collective, theme
    name, reach) rows of each collective's newest fan and how many of the steps
    are derived readings: two queries for any number of areas."""
    theme_names = {t.pk: t.name for t in themes}
    steps = defaultdict(list)
    derived = defaultdict(int)
    for area_id, step, is_derived in (
        Collective.objects.published()
        .filter(area__in=areas)
        .with_current_positions()
        .annotate(step_derived=step_derived())
        .values_list("area_id", "current_step", "step_derived")
    ):
        steps[area_id].append(step)
        derived[area_id] += bool(is_derived)
    current_fans = (
        Assessment.objects.public()
        .having("fan")
        .filter(collective__area__in=areas)
        .current()
        .values("pk")
    )
    reaches = defaultdict(list)
    for area_id, collective_id, theme, reach in ValueReach.objects.filter(
        assessment__in=current_fans
    ).values_list(
        "assessment__collective__area_id",
        "assessment__collective_id",
        "theme_id",
        "reach",
    ):
        reaches[area_id].append((collective_id, theme_names[theme], reach))
    return steps, reaches, derived


def aggregated_fan_figure(themes: list[ValueTheme], fans: list[tuple[str, object]]):
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
        reach_labels(),
        title=_("Furthest reach per value theme"),
    )


def compared_areas(slugs: list[str]):
    """The areas named by `slugs` with their rows, fan reaches and the themes."""
    selection = select_by_slug(slugs, areas_with_totals(), _("areas"))
    themes = list(ValueTheme.objects.all())
    steps, reaches, derived = area_details(selection.items, themes)
    rows = [
        area_row(a, comparisons.step_distribution(steps.get(a.pk, [])), derived[a.pk])
        for a in selection.items
    ]
    return selection, rows, reaches, themes
