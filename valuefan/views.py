"""The value fan, the participation ladder, regie/samenwerking and phase: the
panels on a profile, the ladder page and the CSV behind every chart."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from casestudies.models import CaseStudy
from collectives.exports import rows_frame, table_response
from collectives.models import Collective

from . import charts
from .models import (
    Assessment,
    Degree,
    LadderStep,
    Phase,
    Reach,
    ValueReach,
    ValueTheme,
)

LADDER_NAMES_PER_STEP = 12


@dataclass
class FanChoice:
    """The assessment drawn as the fan, and the one overlaid (if any)."""

    shown: Assessment | None
    overlay: Assessment | None
    options: list[Assessment]


def _pick(options: list[Assessment], raw: str | None) -> Assessment | None:
    return next((a for a in options if str(a.pk) == raw), None)


def choose_fan(assessments: list[Assessment], request: HttpRequest) -> FanChoice:
    """Pick the assessments from `?fan=` and `?compare=`; an unknown id falls back
    to the newest fan (and no overlay), never to an error."""
    options = [a for a in assessments if a.reaches.all()]
    shown = _pick(options, request.GET.get("fan")) or (options[0] if options else None)
    overlay = _pick(options, request.GET.get("compare"))
    if overlay == shown:
        overlay = None
    return FanChoice(shown=shown, overlay=overlay, options=options)


def _series(assessment: Assessment) -> charts.FanSeries:
    return charts.FanSeries(
        label=assessment.short_label,
        reaches={r.theme.name: (r.reach, r.evidence) for r in assessment.reaches.all()},
    )


def _reach_for(assessment: Assessment, theme: ValueTheme) -> ValueReach | None:
    """The assessment's reach for a theme, from the prefetched reaches."""
    return next((r for r in assessment.reaches.all() if r.theme_id == theme.pk), None)


def _fan_rows(themes: list[ValueTheme], choice: FanChoice) -> list[dict[str, object]]:
    """The fan as table rows: per theme the reach in the shown (and overlaid)
    assessment, with the evidence."""
    labels = dict(Reach.choices)

    def cell(assessment: Assessment | None, theme: ValueTheme) -> dict | None:
        if assessment is None:
            return None
        reach = _reach_for(assessment, theme)
        if reach is None:
            return {"reach": None, "label": "", "evidence": ""}
        return {
            "reach": reach.reach,
            "label": labels[reach.reach],
            "evidence": reach.evidence,
        }

    return [
        {
            "theme": theme,
            "shown": cell(choice.shown, theme),
            "overlay": cell(choice.overlay, theme),
        }
        for theme in themes
    ]


def _reach_labels() -> list[str]:
    return [str(label) for _value, label in Reach.choices]


def _degree_labels() -> list[str]:
    return [str(label) for _value, label in Degree.choices]


def position_points(
    highlighted: Sequence[Collective] = (),
) -> list[charts.PositionPoint]:
    """Regie and samenwerking of the whitepaper's cases (the frame of reference of
    figure 3) and of the highlighted collectives: bounded, whatever the data size."""
    chosen = {c.pk for c in highlighted}
    # The public assessments with both readings of the cases and the chosen
    # collectives (a bounded set), newest first; the newest per collective is
    # kept below. Cheaper than annotating collectives with their newest reading:
    # one plain query, whatever the number of collectives (see bench/).
    collective_ids = (
        CaseStudy.objects.order_by()
        .values("collective_id")
        .union(Collective.objects.filter(pk__in=chosen).order_by().values("pk"))
    )
    readings = (
        Assessment.objects.public()
        .filter(
            collective_id__in=collective_ids,
            regie__isnull=False,
            samenwerking__isnull=False,
        )
        .order_by("-assessed_on", "-pk")
        .values_list("collective_id", "collective__name", "regie", "samenwerking")
    )
    newest: dict[int, tuple] = {}
    for pk, *reading in readings:
        newest.setdefault(pk, reading)
    collectives = sorted(
        ((pk, *reading) for pk, reading in newest.items()),
        key=lambda row: (row[1], row[0]),  # name, then primary key
    )
    return [
        charts.PositionPoint(
            name=name,
            regie=regie,
            samenwerking=samenwerking,
            highlighted=pk in chosen,
        )
        for pk, name, regie, samenwerking in collectives
    ]


def position_rows(points: list[charts.PositionPoint]) -> list[dict]:
    """The scatter's data as table rows, with the degrees in words."""
    labels = _degree_labels()
    return [
        {
            "name": p.name,
            "regie": p.regie,
            "regie_label": labels[p.regie - 1],
            "samenwerking": p.samenwerking,
            "samenwerking_label": labels[p.samenwerking - 1],
            "highlighted": p.highlighted,
        }
        for p in points
    ]


def positions_figure(points: list[charts.PositionPoint]) -> dict:
    return charts.regie_samenwerking_figure(
        points,
        _degree_labels(),
        title=_("Control over own space and internal cooperation"),
        x_title=_("Control over own space (regie)"),
        y_title=_("Internal cooperation (samenwerking)"),
    )


def profile_context(request: HttpRequest, collective: Collective) -> dict:
    """Everything the profile shows about assessments, in a fixed number of
    queries: assessments (+ reaches), themes, ladder steps, positions."""
    assessments = list(
        Assessment.objects.public()
        .filter(collective=collective)
        .select_related("ladder_step")
        .for_profile()
    )
    themes = list(ValueTheme.objects.all())
    steps = list(LadderStep.objects.all())
    choice = choose_fan(assessments, request)

    fan_figure = None
    if choice.shown is not None:
        fan_figure = charts.value_fan_figure(
            [charts.Theme(t.name, t.colour) for t in themes],
            _series(choice.shown),
            _reach_labels(),
            title=_("Value fan of %(name)s") % {"name": collective.name},
            overlay=_series(choice.overlay) if choice.overlay else None,
        )

    ladder_history = [a for a in assessments if a.ladder_step_id]
    ladder_figure = None
    if ladder_history:
        ladder_figure = charts.ladder_history_figure(
            [
                charts.LadderPoint(
                    a.assessed_on.isoformat(), a.ladder_step.number, a.label
                )
                for a in ladder_history
            ],
            {s.number: s.name for s in steps},
            title=_("Participation ladder over time"),
        )

    points = position_points([collective])
    positioned = next((a for a in assessments if a.regie and a.samenwerking), None)
    phased = next((a for a in assessments if a.phase), None)
    return {
        "assessments": assessments,
        "themes": themes,
        "fan": choice,
        "fan_rows": _fan_rows(themes, choice),
        "fan_figure": fan_figure,
        "ladder_steps": steps,
        "ladder_current": ladder_history[0] if ladder_history else None,
        "ladder_history": ladder_history,
        "ladder_figure": ladder_figure,
        "position_assessment": positioned,
        "positions_figure": positions_figure(points) if points else None,
        "position_rows": position_rows(points),
        "phases": Phase.choices,
        "phase_assessment": phased,
    }


def _published_collective(slug: str) -> Collective:
    return get_object_or_404(Collective.objects.published(), slug=slug)


@require_safe
def value_fan_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The fan(s) on screen as CSV: one row per theme and assessment."""
    collective = _published_collective(slug)
    assessments = list(
        Assessment.objects.public().filter(collective=collective).for_profile()
    )
    choice = choose_fan(assessments, request)
    labels = dict(Reach.choices)
    themes = list(ValueTheme.objects.all())
    columns = [
        _("collective"),
        _("assessment"),
        _("assessed by"),
        _("assessed on"),
        _("value theme"),
        _("reach (1–5)"),
        _("reach"),
        _("evidence"),
    ]
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
        )
        for assessment in filter(None, [choice.shown, choice.overlay])
        for theme in themes
        for reach in [_reach_for(assessment, theme)]
    ]
    return table_response(
        rows_frame(rows, columns), fmt="csv", filename=f"{collective.slug}-waardewaaier"
    )


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
        )
        for a in history
    ]
    return table_response(
        rows_frame(rows, columns),
        fmt="csv",
        filename=f"{collective.slug}-participatieladder",
    )


@require_safe
def positions_csv(request: HttpRequest) -> HttpResponse:
    """Regie and samenwerking of the whitepaper's cases as CSV."""
    columns = [
        _("collective"),
        _("control over own space (regie), 1–5"),
        _("regie"),
        _("internal cooperation (samenwerking), 1–5"),
        _("samenwerking"),
    ]
    rows = [
        (
            row["name"],
            row["regie"],
            row["regie_label"],
            row["samenwerking"],
            row["samenwerking_label"],
        )
        for row in position_rows(position_points())
    ]
    return table_response(
        rows_frame(rows, columns), fmt="csv", filename="regie-en-samenwerking"
    )


@require_safe
def ladder_page(request: HttpRequest) -> HttpResponse:
    """The participation ladder explained, top step first, with the published
    collectives placed on their current step (a bounded list per step)."""
    placed = (
        Collective.objects.published()
        .with_current_positions()
        .filter(current_step__isnull=False)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=F("current_step"), order_by=F("name").asc()
            )
        )
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
    return render(request, "valuefan/ladder.html", {"steps": steps})
