"""The chart functions are pure: these tests need no database."""

import json

from valuefan.charts import (
    FanSeries,
    LadderPoint,
    PositionPoint,
    Theme,
    bar_figure,
    ladder_history_figure,
    regie_samenwerking_figure,
    value_fan_figure,
    value_fans_figure,
)

THEMES = [
    Theme("Betaalbare werkruimte", "#CC6677"),
    Theme("Gedeelde middelen", "#332288"),
    Theme("Onderwijs en talent", "#DDCC77"),
]
REACHES = ["pand", "buurt", "gebied", "stad", "regio"]


def _plain(labels):
    return [label.replace("<br>", " ") for label in labels]


def test_fan_is_a_half_disc_with_one_blade_per_theme_with_a_value():
    series = FanSeries(
        "Onderzoeker 2024",
        {"Betaalbare werkruimte": (1, "Huur €75–125"), "Onderwijs en talent": (4, "")},
    )
    figure = value_fan_figure(THEMES, series, REACHES, title="Waardewaaier")
    (blades,) = figure["data"]
    assert blades["type"] == "barpolar"
    assert _plain(blades["theta"]) == ["Betaalbare werkruimte", "Onderwijs en talent"]
    assert blades["r"] == [1, 4]
    assert blades["marker"]["color"] == ["#CC6677", "#DDCC77"]
    assert blades["customdata"][1][0] == "stad"
    polar = figure["layout"]["polar"]
    assert polar["sector"] == [0, 180]
    assert polar["angularaxis"]["period"] == 6
    assert _plain(polar["angularaxis"]["categoryarray"]) == [t.name for t in THEMES]
    # Long names break over two lines, so the end labels stay inside the figure.
    assert polar["angularaxis"]["categoryarray"][0] == "Betaalbare<br>werkruimte"
    assert polar["radialaxis"]["ticktext"] == REACHES
    assert polar["radialaxis"]["range"] == [0, 5]


def test_first_blade_starts_at_the_left_edge_of_the_half_disc():
    figure = value_fan_figure(THEMES, FanSeries("a"), REACHES, title="t")
    axis = figure["layout"]["polar"]["angularaxis"]
    half_blade = 180 / len(THEMES) / 2
    assert axis["direction"] == "clockwise"
    assert axis["rotation"] == 180 - half_blade


def test_overlay_adds_a_line_over_all_themes_with_zero_where_no_value():
    figure = value_fan_figure(
        THEMES,
        FanSeries("zelf", {"Gedeelde middelen": (2, "")}),
        REACHES,
        title="t",
        overlay=FanSeries("gemeente", {"Onderwijs en talent": (5, "Stages")}),
    )
    blades, line = figure["data"]
    assert line["type"] == "scatterpolar"
    assert _plain(line["theta"]) == [t.name for t in THEMES]
    assert line["r"] == [0, 0, 5]
    assert figure["layout"]["showlegend"] is True


def test_figures_are_plain_json():
    figure = value_fan_figure(
        THEMES, FanSeries("a", {"Gedeelde middelen": (3, "x")}), REACHES, title="t"
    )
    assert json.loads(json.dumps(figure)) == figure


def test_ladder_history_is_a_step_line_in_date_order():
    steps = dict(
        enumerate(
            [
                "Gentrificatie",
                "Informatie",
                "Consultatie",
                "Berusting",
                "Partnerschap",
                "Bredere partnerschap",
                "Ondernemerscontrole",
            ],
            start=1,
        )
    )
    figure = ladder_history_figure(
        [
            LadderPoint("2024-11-01", 5, "onderzoeker"),
            LadderPoint("2020-01-01", 3, "x"),
        ],
        steps,
        title="Participatieladder",
    )
    (trace,) = figure["data"]
    assert trace["x"] == ["2020-01-01", "2024-11-01"]
    assert trace["y"] == [3, 5]
    assert trace["line"]["shape"] == "hv"
    assert trace["customdata"][1][0] == "5. Partnerschap"
    assert figure["layout"]["yaxis"]["ticktext"][6] == "7. Ondernemerscontrole"
    # Half a year of margin either side: one assessment still gets a year axis.
    assert figure["layout"]["xaxis"]["range"] == ["2019-07-02", "2025-05-03"]


def test_regie_samenwerking_highlights_one_collective():
    degrees = ["zeer laag", "laag", "gemiddeld", "hoog", "zeer hoog"]
    figure = regie_samenwerking_figure(
        [
            PositionPoint("Keilepand", 5, 5, highlighted=True),
            PositionPoint("Hillevliet", 1, 3),
            PositionPoint("Keilewerf", 2, 4),
        ],
        degrees,
        title="Regie en samenwerking",
        x_title="Regie",
        y_title="Samenwerking",
    )
    others, chosen = figure["data"]
    assert others["text"] == ["Hillevliet", "Keilewerf"]
    assert chosen["text"] == ["Keilepand"]
    assert chosen["marker"]["size"] > others["marker"]["size"]
    assert figure["layout"]["xaxis"]["ticktext"] == degrees


def test_regie_samenwerking_without_highlight_has_one_trace():
    figure = regie_samenwerking_figure(
        [PositionPoint("A", 1, 1)],
        ["1", "2", "3", "4", "5"],
        title="t",
        x_title="x",
        y_title="y",
    )
    assert len(figure["data"]) == 1


def test_user_text_is_escaped_and_never_part_of_a_template():
    evil = '<a href="https://evil.example">x</a> %{customdata[1]}'
    fans = value_fans_figure(
        THEMES,
        [FanSeries(evil, {"Gedeelde middelen": (2, "<b>bewijs</b>")})],
        REACHES,
        title="t",
    )
    (line,) = fans["data"]
    assert "<a" not in line["name"] and "&lt;a" in line["name"]
    assert evil not in line["hovertemplate"]
    assert "&lt;b&gt;bewijs&lt;/b&gt;" in line["customdata"][1][1]
    bars = bar_figure([evil], [3], title="t", value_label="n")
    assert bars["data"][0]["y"] == [
        "&lt;a href=&quot;https://evil.example&quot;&gt;x&lt;/a&gt; %{customdata[1]}"
    ]
