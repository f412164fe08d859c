"""A collective's profile, and the CSV behind each of its charts."""

from __future__ import annotations

from django.contrib.gis.db.models.functions import AsGeoJSON
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.exports import rows_frame, table_response
from valuefan.models import Assessment, Reach, ValueTheme
from valuefan.selectors import choose_fan, profile_readings, reach_for

from .. import provenance
from ..models import Collective


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
            "instrument_uses": collective.instrument_uses.all(),
            "map_data": _map_data(collective),
            "copy_labels": {"copied": _("Copied"), "failed": _("Select and copy")},
        }
        | profile_readings(
            collective, fan=request.GET.get("fan"), compare=request.GET.get("compare")
        ),
    )


def _map_data(collective: Collective) -> dict:
    """What the profile's small map draws (static/js: the location and area)."""
    return {
        "name": collective.name,
        "location": collective.location_geojson,
        "approximate": collective.location_precision
        == Collective.LocationPrecision.APPROXIMATE,
        "area": collective.area_geojson,
        "area_name": collective.area.name if collective.area else "",
    }


def _published_collective(slug: str) -> Collective:
    return get_object_or_404(Collective.objects.published(), slug=slug)


def _csv(request: HttpRequest, rows: list[tuple], columns: list, filename: str):
    return table_response(
        rows_frame(rows, [str(c) for c in columns]),
        fmt="csv",
        filename=filename,
        request=request,
        sources=provenance.source_notes(),
    )


def _fan_columns() -> list[str]:
    return [
        _("collective"),
        _("assessment"),
        _("assessed by"),
        _("assessed on"),
        _("value theme"),
        _("reach (1–5)"),
        _("reach"),
        _("evidence"),
        _("derived reading"),
    ]


@require_safe
def value_fan_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The fan(s) on screen as CSV: one row per theme and assessment; a derived
    reading (of the source's text, not a measurement) says so."""
    collective = _published_collective(slug)
    assessments = list(
        Assessment.objects.public().filter(collective=collective).for_profile()
    )
    choice = choose_fan(assessments, request.GET.get("fan"), request.GET.get("compare"))
    labels = dict(Reach.choices)
    themes = list(ValueTheme.objects.all())
    rows = [
        (
            collective.name,
            assessment.label,
            assessment.get_assessor_kind_display(),
            assessment.assessed_on.isoformat(),
            theme.name,
            reach.reach if reach else None,
            str(labels[reach.reach]) if reach else "",
            reach.evidence if reach else "",
            assessment.derived_from_source,
        )
        for assessment in filter(None, [choice.shown, choice.overlay])
        for theme in themes
        for reach in [reach_for(assessment, theme)]
    ]
    return _csv(request, rows, _fan_columns(), f"{collective.slug}-waardewaaier")


@require_safe
def ladder_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The collective's ladder history as CSV."""
    collective = _published_collective(slug)
    history = (
        Assessment.objects.public()
        .filter(collective=collective, ladder_step__isnull=False)
        .select_related("ladder_step")
        .order_by("assessed_on", "pk")
    )
    columns = [
        _("collective"),
        _("assessed on"),
        _("assessed by"),
        _("assessor"),
        _("step"),
        _("step name"),
        _("rationale"),
        _("derived reading"),
    ]
    rows = [
        (
            collective.name,
            a.assessed_on.isoformat(),
            a.get_assessor_kind_display(),
            a.assessor,
            a.ladder_step.number,
            a.ladder_step.name,
            a.ladder_rationale,
            a.derived_from_source,
        )
        for a in history
    ]
    return _csv(request, rows, columns, f"{collective.slug}-participatieladder")
