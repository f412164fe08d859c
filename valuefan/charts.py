"""Pure chart functions: plain data in, a plotly figure dict out (no database, no
request, no translation lookups: callers pass the labels). The browser draws the
figures with the vendored plotly.js bundle; each chart has a table beside it."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"
INK = "#1b1b1f"
GRID = "#c9c5d3"
ACCENT = "#4b2e83"
HIGHLIGHT = "#CC6677"
MAX_REACH = 5


@dataclass(frozen=True)
class Theme:
    name: str
    colour: str


@dataclass(frozen=True)
class FanSeries:
    """One assessment's reaches: theme name → (reach 1–5, evidence)."""

    label: str
    reaches: dict[str, tuple[int, str]] = field(default_factory=dict)


def _wrap(text: str, width: int = 60) -> str:
    """Text for plotly, which reads a subset of HTML in labels: escaped, then
    broken into lines with <br>."""
    return (
        "<br>".join(escape(line) for line in textwrap.wrap(text, width)) if text else ""
    )


def _tick(name: str) -> str:
    """A theme name as a fan tick label: long names on two lines, so the labels at
    the ends of the half disc stay inside the figure."""
    return _wrap(name, 18)


def _base_layout(title: str) -> dict:
    # Titles carry names people typed (a collective's): plotly draws its text as
    # pseudo-HTML, so escape it like every other label.
    return {
        "title": {
            "text": escape(title),
            "font": {"size": 16},
            "x": 0,
            "xanchor": "left",
        },
        "font": {"family": FONT, "color": INK, "size": 13},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "margin": {"l": 60, "r": 30, "t": 50, "b": 50},
        "hoverlabel": {"align": "left"},
    }


def _fan_polar(names: Sequence[str], reach_labels: Sequence[str]) -> dict:
    """The half-disc polar layout of a value fan, one blade position per theme."""
    # A categorical angular axis whose period is twice the number of themes puts
    # the themes on half a circle; sector [0, 180] draws only that half. Clockwise
    # from the left, the first theme's blade starts at 180°.
    step = 180 / max(len(names), 1)
    return {
        "sector": [0, 180],
        "hole": 0.08,
        "bargap": 0.08,
        "angularaxis": {
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [_tick(name) for name in names],
            "period": 2 * max(len(names), 1),
            "direction": "clockwise",
            "rotation": 180 - step / 2,
            "tickfont": {"size": 11},
            "gridcolor": GRID,
        },
        "radialaxis": {
            "range": [0, MAX_REACH],
            "tickvals": list(range(1, MAX_REACH + 1)),
            "ticktext": list(reach_labels),
            # Ring names along the right-hand baseline, read left to right.
            "angle": 0,
            "tickangle": 0,
            "side": "clockwise",
            "gridcolor": GRID,
            "tickfont": {"size": 11},
        },
    }


def _fan_line(
    series: FanSeries,
    names: Sequence[str],
    reach_labels: Sequence[str],
    *,
    colour: str,
    dash: str,
) -> dict:
    """A fan drawn as a line over all themes (0, the hinge, where it has no value)."""
    return {
        "type": "scatterpolar",
        "name": escape(series.label),
        "theta": [_tick(name) for name in names],
        "r": [series.reaches.get(name, (0, ""))[0] for name in names],
        "mode": "lines+markers",
        "line": {"color": colour, "width": 2.5, "dash": dash},
        "marker": {"size": 8, "color": colour},
        "customdata": [
            [
                reach_labels[series.reaches[name][0] - 1]
                if name in series.reaches
                else "–",
                _wrap(series.reaches.get(name, (0, ""))[1]),
            ]
            for name in names
        ],
        # The label is data: it goes in through %{fullData.name}, never into the
        # template itself, where plotly would read it as template syntax.
        "hovertemplate": "<b>%{theta}</b> (%{fullData.name})<br>%{customdata[0]}"
        "<br>%{customdata[1]}<extra></extra>",
    }


def value_fan_figure(
    themes: Sequence[Theme],
    series: FanSeries,
    reach_labels: Sequence[str],
    *,
    title: str,
    overlay: FanSeries | None = None,
) -> dict:
    """The waardewaaier as a hand fan: a half disc with the building at the hinge
    and the region at the rim, one blade per theme filled to its furthest reach.
    A second assessment overlays as a line."""
    names = [theme.name for theme in themes]
    colours = {theme.name: theme.colour for theme in themes}
    with_value = [name for name in names if name in series.reaches]
    blades = {
        "type": "barpolar",
        "name": escape(series.label),
        "theta": [_tick(name) for name in with_value],
        "r": [series.reaches[name][0] for name in with_value],
        "marker": {
            "color": [colours[name] for name in with_value],
            "line": {"color": "#ffffff", "width": 1.5},
        },
        "customdata": [
            [reach_labels[series.reaches[name][0] - 1], _wrap(series.reaches[name][1])]
            for name in with_value
        ],
        "hovertemplate": (
            "<b>%{theta}</b><br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>"
        ),
        "opacity": 0.9,
    }
    data = [blades]
    if overlay is not None:
        data.append(_fan_line(overlay, names, reach_labels, colour=INK, dash="dash"))
    layout = _base_layout(title) | {
        "polar": _fan_polar(names, reach_labels),
        "showlegend": overlay is not None,
        "legend": {"orientation": "h", "y": -0.05},
        "margin": {"l": 150, "r": 150, "t": 60, "b": 10},
        "height": 480,
    }
    return {"data": data, "layout": layout}


@dataclass(frozen=True)
class LadderPoint:
    date: str  # ISO date
    step: int
    label: str  # who assessed it


LADDER_STEPS = 7


def ladder_history_figure(
    points: Sequence[LadderPoint], step_names: Mapping[int, str], *, title: str
) -> dict:
    """The collective's steps on the participation ladder (1–7) over time, as a
    step line; `step_names` maps step numbers to their names."""
    ordered = sorted(points, key=lambda point: point.date)
    # Half a year either side, so one assessment is a point on a year axis
    # rather than on an axis of milliseconds.
    first = date.fromisoformat(ordered[0].date) if ordered else date.today()
    last = date.fromisoformat(ordered[-1].date) if ordered else date.today()
    x_range = [
        (first - timedelta(days=183)).isoformat(),
        (last + timedelta(days=183)).isoformat(),
    ]
    trace = {
        "type": "scatter",
        "mode": "lines+markers",
        "x": [point.date for point in ordered],
        "y": [point.step for point in ordered],
        "line": {"shape": "hv", "color": ACCENT, "width": 3},
        "marker": {"size": 12, "color": ACCENT},
        "customdata": [
            [
                f"{point.step}. {escape(step_names.get(point.step, ''))}",
                escape(point.label),
            ]
            for point in ordered
        ],
        "hovertemplate": "%{x}<br><b>%{customdata[0]}</b><br>%{customdata[1]}"
        "<extra></extra>",
        "name": escape(title),
    }
    layout = _base_layout(title) | {
        "xaxis": {
            "type": "date",
            "range": x_range,
            "tickformat": "%Y",
            "dtick": "M12",
            "gridcolor": GRID,
            "title": {"text": ""},
        },
        "yaxis": {
            "range": [0.5, LADDER_STEPS + 0.5],
            "tickvals": list(range(1, LADDER_STEPS + 1)),
            "ticktext": [
                f"{n}. {step_names.get(n, '')}" for n in range(1, LADDER_STEPS + 1)
            ],
            "gridcolor": GRID,
            "fixedrange": True,
        },
        "margin": {"l": 190, "r": 30, "t": 50, "b": 40},
        "height": 340,
        "showlegend": False,
    }
    return {"data": [trace], "layout": layout}


@dataclass(frozen=True)
class PositionPoint:
    name: str
    regie: int
    samenwerking: int
    highlighted: bool = False


def regie_samenwerking_figure(
    points: Sequence[PositionPoint],
    degree_labels: Sequence[str],
    *,
    title: str,
    x_title: str,
    y_title: str,
) -> dict:
    """Each collective's control over its own space (x) against its internal
    cooperation (y), as in the whitepaper's figure 3; one may be highlighted."""

    def trace(group: Sequence[PositionPoint], highlighted: bool) -> dict:
        return {
            "type": "scatter",
            "mode": "markers+text",
            "x": [p.regie for p in group],
            "y": [p.samenwerking for p in group],
            "text": [escape(p.name) for p in group],
            "textposition": "top center",
            "customdata": [
                [degree_labels[p.regie - 1], degree_labels[p.samenwerking - 1]]
                for p in group
            ],
            "hovertemplate": f"<b>%{{text}}</b><br>{x_title}: %{{customdata[0]}}"
            f"<br>{y_title}: %{{customdata[1]}}<extra></extra>",
            "marker": {
                "size": 18 if highlighted else 12,
                "color": HIGHLIGHT if highlighted else ACCENT,
                "symbol": "star" if highlighted else "circle",
                "line": {"color": "#ffffff", "width": 1.5},
            },
            "textfont": {"size": 13 if highlighted else 11},
            "showlegend": False,
        }

    others = [p for p in points if not p.highlighted]
    chosen = [p for p in points if p.highlighted]
    data = [trace(others, False)] + ([trace(chosen, True)] if chosen else [])
    ticks = {
        "range": [0.5, len(degree_labels) + 0.5],
        "tickvals": list(range(1, len(degree_labels) + 1)),
        "ticktext": list(degree_labels),
        "gridcolor": GRID,
        "zeroline": False,
        "fixedrange": True,
    }
    layout = _base_layout(title) | {
        "xaxis": ticks | {"title": {"text": x_title}},
        "yaxis": ticks | {"title": {"text": y_title}},
        "height": 420,
        "margin": {"l": 90, "r": 30, "t": 50, "b": 60},
    }
    return {"data": data, "layout": layout}


# Okabe–Ito: distinguishable with colour-vision deficiencies; dashes differ too.
SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]
SERIES_DASHES = ["solid", "dash", "dot", "dashdot", "longdash", "longdashdot"]


def value_fans_figure(
    themes: Sequence[Theme],
    series: Sequence[FanSeries],
    reach_labels: Sequence[str],
    *,
    title: str,
) -> dict:
    """Several value fans overlaid on one half disc, one line per collective or
    area (the comparison view); a theme without value sits at the hinge."""
    names = [theme.name for theme in themes]
    data = [
        _fan_line(
            one,
            names,
            reach_labels,
            colour=SERIES_COLOURS[i % len(SERIES_COLOURS)],
            dash=SERIES_DASHES[i % len(SERIES_DASHES)],
        )
        for i, one in enumerate(series)
    ]
    layout = _base_layout(title) | {
        "polar": _fan_polar(names, reach_labels),
        "showlegend": True,
        "legend": {"orientation": "h", "y": -0.05},
        "margin": {"l": 150, "r": 150, "t": 60, "b": 10},
        "height": 500,
    }
    return {"data": data, "layout": layout}


def bar_figure(
    categories: Sequence[str],
    values: Sequence[float | None],
    *,
    title: str,
    value_label: str,
) -> dict:
    """One numeric fact per collective or area as horizontal bars (unknown = no bar)."""
    trace = {
        "type": "bar",
        "orientation": "h",
        "y": [escape(c) for c in categories],
        "x": [v if v is not None else 0 for v in values],
        "text": [
            f"{v:,.0f}".replace(",", ".") if v is not None else "–" for v in values
        ],
        "textposition": "auto",
        "marker": {"color": ACCENT},
        "hovertemplate": "%{y}: %{text}<extra></extra>",
        "name": escape(value_label),
    }
    layout = _base_layout(title) | {
        "xaxis": {
            "title": {"text": value_label},
            "gridcolor": GRID,
            "rangemode": "tozero",
        },
        "yaxis": {"autorange": "reversed", "automargin": True},
        "height": 120 + 40 * len(categories),
        "showlegend": False,
        "margin": {"l": 20, "r": 30, "t": 50, "b": 50},
    }
    return {"data": [trace], "layout": layout}


def number_figures(
    names: Sequence[str],
    rows: Sequence[Mapping[str, object]],
    charts: Sequence[tuple[str, str, str]],
) -> list[tuple[str, dict, str]]:
    """A bar chart per (row key, title, unit) in `charts`, of that key's value in
    each of `rows` (named `names`): (element id, figure, title) triples."""
    return [
        (
            f"compare-{key}",
            bar_figure(
                names,
                [row[key] for row in rows],
                title=str(title),
                value_label=str(unit),
            ),
            str(title),
        )
        for key, title, unit in charts
    ]
