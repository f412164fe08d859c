"""Reads of collectives that several pages share: the filtered selection of the
map, list and downloads; the rows of the comparison table and its exports; the
collectives placed on the participation ladder."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber
from django.http import QueryDict
from django.utils.translation import gettext as _

from valuefan.models import Assessment, Direction, LadderStep

from . import comparisons
from .filters import CollectiveFilter
from .models import Collective

LADDER_NAMES_PER_STEP = 12


def filtered_collectives(params: QueryDict) -> CollectiveFilter:
    """The published collectives filtered by `params` (the map's and the table's
    filters); invalid values are left out (see CollectiveFilter)."""
    return CollectiveFilter(
        params or None, queryset=Collective.objects.published().for_list()
    )


def step_derived():
    """Whether a collective's current ladder step (the reading
    CollectiveQuerySet.with_current_positions gives) comes from an assessment
    derived from a source's text rather than measured: an annotation, no query."""
    return (
        Assessment.objects.public()
        .having("ladder_step")
        .current_value("derived_from_source")
    )


def with_reading_derived(queryset: QuerySet[Collective]) -> QuerySet[Collective]:
    """Annotate `reading_derived`: true when any of the collective's current
    readings (ladder step, regie and samenwerking, directions) comes from a derived
    assessment, false when they all come from others, null without readings."""
    readings = Assessment.objects.public()
    flags = {
        "step_derived": step_derived(),
        "position_derived": readings.having("regie", "samenwerking").current_value(
            "derived_from_source"
        ),
        "directions_derived": readings.having("directions").current_value(
            "derived_from_source"
        ),
    }
    any_derived, any_reading = Q(), Q()
    for name in flags:
        any_derived |= Q(**{name: True})
        any_reading |= Q(**{f"{name}__isnull": False})
    return queryset.annotate(**flags).annotate(
        reading_derived=Case(
            When(any_derived, then=Value(True)),
            When(any_reading, then=Value(False)),
            default=Value(None),
            output_field=BooleanField(),
        )
    )


def ladder_placements() -> list[dict]:
    """Per ladder step, top step first: the step, up to LADDER_NAMES_PER_STEP
    published collectives on it (by name), their number and how many more there
    are. Three queries, whatever the number of collectives."""
    placed = (
        Collective.objects.published()
        .with_current_positions()
        .filter(current_step__isnull=False)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=F("current_step"), order_by=F("name").asc()
            )
        )
        .annotate(step_derived=step_derived())
        .filter(rank__lte=LADDER_NAMES_PER_STEP)
        .order_by("current_step", "name")
        # Only what the page shows: filtering on a window wraps the query, and
        # SpatiaLite cannot hand a geometry back through that wrapper.
        .only("name", "slug")
    )
    counts = dict(
        Collective.objects.published()
        .with_current_positions()
        .filter(current_step__isnull=False)
        .order_by()  # no default ordering in the GROUP BY
        .values_list("current_step")
        .annotate(n=Count("pk"))
        .values_list("current_step", "n")
    )
    by_step: dict[int, list[Collective]] = {}
    for collective in placed:
        by_step.setdefault(collective.current_step, []).append(collective)
    steps = [
        {
            "step": step,
            "collectives": by_step.get(step.number, []),
            "count": counts.get(step.number, 0),
            "more": counts.get(step.number, 0) - len(by_step.get(step.number, [])),
        }
        for step in reversed(list(LadderStep.objects.all()))
    ]
    return steps


def collective_fields() -> list[tuple[str, str]]:
    """(row key, label) of the facts compared per collective, in display order."""
    return [
        ("city", _("City")),
        ("area", _("Area")),
        ("kind", _("Kind")),
        ("founded_year", _("Founded")),
        ("age", _("Age (years)")),
        ("entrepreneurs", _("Entrepreneurs")),
        ("entrepreneurs_note", _("Entrepreneurs (as the source puts it)")),
        ("floor_area", _("Floor area (m²)")),
        ("tenure", _("Contract type")),
        ("term", _("Contract and term")),
        ("governance", _("Governance form")),
        ("rent", _("Rent (€/m²/year)")),
        ("rent_band", _("Rent against the affordable band (€75–125/m²/year)")),
        ("step_number", _("Participation ladder step (1–7)")),
        ("step", _("Participation ladder step")),
        ("directions", _("Directions of development shown")),
        ("regie", _("Control over own space (regie), 1–5")),
        ("samenwerking", _("Internal cooperation (samenwerking), 1–5")),
        ("reading_derived", _("Derived reading")),
    ]


def collective_rows(collectives: Iterable[Collective]) -> list[dict]:
    """The compared facts of collectives annotated with their current positions
    (CollectiveQuerySet.with_current_positions), one dict per collective, keyed
    as collective_fields() plus name and slug. One query for the ladder steps."""
    steps = {s.number: s for s in LadderStep.objects.all()}
    return [_collective_row(c, steps) for c in collectives]


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
        "entrepreneurs_note": collective.entrepreneur_count_note or None,
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
        "step_number": step.number if step else None,
        "step": str(step) if step else None,
        "directions": "; ".join(
            str(d.label) for d in Direction.from_mask(collective.current_directions)
        )
        or None,
        "regie": collective.current_regie,
        "samenwerking": collective.current_samenwerking,
        # Annotated by with_reading_derived.
        "reading_derived": getattr(collective, "reading_derived", None),
    }
