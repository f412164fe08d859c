"""Reads of assessments that pages share: the value fan on screen, the
participation ladder history, regie/samenwerking and the directions of a
collective, and
the whitepaper cases' positions (figure 3). No request, no response: pages in
other apps call these and render what they return."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from . import charts
from .models import (
    Assessment,
    Degree,
    Direction,
    LadderStep,
    Reach,
    ValueReach,
    ValueTheme,
)


@dataclass
class FanChoice:
    """The assessment drawn as the fan, and the one overlaid (if any)."""

    shown: Assessment | None
    overlay: Assessment | None
    options: list[Assessment]


def _pick(options: list[Assessment], raw: str | None) -> Assessment | None:
    return next((a for a in options if str(a.pk) == raw), None)


def choose_fan(
    assessments: list[Assessment], fan: str | None = None, compare: str | None = None
) -> FanChoice:
    """Pick the assessments with the ids `fan` and `compare` (as `?fan=` and
    `?compare=` give them); an unknown id falls back to the newest fan (and no
    overlay), never to an error."""
    options = [a for a in assessments if a.reaches.all()]
    shown = _pick(options, fan) or (options[0] if options else None)
    overlay = _pick(options, compare)
    if overlay == shown:
        overlay = None
    return FanChoice(shown=shown, overlay=overlay, options=options)


def _series(assessment: Assessment) -> charts.FanSeries:
    return fan_series(assessment.short_label, assessment)


def reach_for(assessment: Assessment, theme: ValueTheme) -> ValueReach | None:
    """The assessment's reach for a theme, from the prefetched reaches."""
    return next((r for r in assessment.reaches.all() if r.theme_id == theme.pk), None)


def _fan_rows(themes: list[ValueTheme], choice: FanChoice) -> list[dict[str, object]]:
    """The fan as table rows: per theme the reach in the shown (and overlaid)
    assessment, with the evidence."""
    labels = dict(Reach.choices)

    def cell(assessment: Assessment | None, theme: ValueTheme) -> dict | None:
        if assessment is None:
            return None
        reach = reach_for(assessment, theme)
        if reach is None:
            return {"reach": None, "label": "", "evidence": "", "basis": ""}
        return {
            "reach": reach.reach,
            "label": labels[reach.reach],
            "evidence": reach.evidence,
            "object": reach,  # whether the evidence is shown in Dutch
            "basis": reach.get_evidence_basis_display(),
        }

    return [
        {
            "theme": theme,
            "shown": cell(choice.shown, theme),
            "overlay": cell(choice.overlay, theme),
        }
        for theme in themes
    ]


def reach_labels() -> list[str]:
    return [str(label) for _value, label in Reach.choices]


def degree_labels() -> list[str]:
    return [str(label) for _value, label in Degree.choices]


def position_points(highlighted: Sequence[int] = ()) -> list[charts.PositionPoint]:
    """Regie and samenwerking of the whitepaper's cases (the frame of reference of
    figure 3) and of the collectives with the primary keys `highlighted`: bounded,
    whatever the data size."""
    chosen = set(highlighted)
    # The current reading of the cases and the chosen collectives (a bounded
    # set), read from the assessment side: one plain query, whatever the number
    # of collectives (see bench/).
    readings = (
        Assessment.objects.public()
        .having("regie", "samenwerking")
        .filter(Q(collective__case_study__isnull=False) | Q(collective_id__in=chosen))
        .current()
        .values_list("collective_id", "collective__name", "regie", "samenwerking")
    )
    # By name, then primary key.
    collectives = sorted(readings, key=lambda row: (row[1], row[0]))
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
    labels = degree_labels()
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
        degree_labels(),
        title=_("Control over own space and internal cooperation"),
        x_title=_("Control over own space (regie)"),
        y_title=_("Internal cooperation (samenwerking)"),
    )


def profile_readings(
    collective, *, fan: str | None = None, compare: str | None = None
) -> dict:
    """Everything the profile shows about a collective's assessments, in a fixed
    number of queries: assessments (+ reaches), themes, ladder steps, positions.
    `fan` and `compare` pick the assessments drawn as the fan (see choose_fan)."""
    assessments = list(
        Assessment.objects.public()
        .filter(collective=collective)
        .select_related("ladder_step")
        .for_profile()
    )
    themes = list(ValueTheme.objects.all())
    steps = list(LadderStep.objects.all())
    choice = choose_fan(assessments, fan, compare)

    fan_figure = None
    if choice.shown is not None:
        fan_figure = charts.value_fan_figure(
            [charts.Theme(t.name, t.colour) for t in themes],
            _series(choice.shown),
            reach_labels(),
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

    points = position_points([collective.pk])
    positioned = next((a for a in assessments if a.regie and a.samenwerking), None)
    directed = next((a for a in assessments if a.directions.all()), None)
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
        "directions_assessment": directed,
        "direction_groups": direction_groups(directed),
    }


def direction_groups(assessment: Assessment | None) -> list[dict]:
    """The five directions in the whitepaper's two groups, each with the reading
    of `assessment` (its evidence) or None where it found no evidence."""
    shown = {d.direction: d for d in assessment.directions.all()} if assessment else {}
    return [
        {
            "label": label,
            "rows": [
                {"direction": direction, "reading": shown.get(direction.value)}
                for direction in directions
            ],
        }
        for label, directions in Direction.groups()
    ]


def newest_fans(collective_ids: Sequence[int]) -> dict[int, Assessment]:
    """Each collective's newest public assessment that has a value fan, by
    collective id: two queries (assessments, their reaches), however many."""
    assessments = (
        Assessment.objects.public()
        .having("fan")
        .filter(collective_id__in=collective_ids)
        .current()
        .for_profile()
    )
    return {assessment.collective_id: assessment for assessment in assessments}


def fans_table(
    themes: list[ValueTheme], fans: Sequence[Assessment | None]
) -> list[tuple[ValueTheme, list[str]]]:
    """Per theme, the reach (in words, or a dash) in each of `fans`, in order."""
    labels = dict(Reach.choices)
    table = []
    for theme in themes:
        cells = []
        for fan in fans:
            reach = reach_for(fan, theme) if fan else None
            cells.append(str(labels[reach.reach]) if reach else "–")
        table.append((theme, cells))
    return table


def fan_series(label: str, assessment: Assessment) -> charts.FanSeries:
    """An assessment's fan as a chart series named `label`."""
    return charts.FanSeries(
        label=label,
        reaches={r.theme.name: (r.reach, r.evidence) for r in assessment.reaches.all()},
    )
