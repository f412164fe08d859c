import io
import json

import pandas as pd
import pytest
from django.contrib.gis.geos import Point
from django.urls import reverse

from collectives import comparisons
from tests.factories import (
    AreaFactory,
    AssessmentFactory,
    CollectiveFactory,
    LadderStepFactory,
    ValueReachFactory,
    ValueThemeFactory,
    square,
)

pytestmark = pytest.mark.django_db
COMPARE = reverse("collectives:compare")


def _csv_frame(response) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(response.content.decode("utf-8-sig")), comment="#")


def _with_fan(collective, theme, reach):
    ValueReachFactory(
        assessment=AssessmentFactory(collective=collective), theme=theme, reach=reach
    )
    return collective


def test_comparison_shows_key_facts_side_by_side(client):
    a = CollectiveFactory(name="Keilepand", slug="keilepand", entrepreneur_count=19)
    b = CollectiveFactory(
        name="Hof van Cartesius",
        slug="hof",
        entrepreneur_count=110,
        rent_eur_m2_year=90,
    )
    response = client.get(COMPARE, {"c": [a.slug, b.slug]})
    assert response.context["selection"].ready
    rows = dict(response.context["table_rows"])
    assert rows["Ondernemers"] == [19, 110]
    band = rows["Huur ten opzichte van de betaalbare bandbreedte (€75–125/m²/jaar)"]
    assert band[0] == "–"
    assert "binnen" in band[1]


def test_comparison_overlays_one_fan_per_collective(client):
    theme = ValueThemeFactory()
    a = _with_fan(CollectiveFactory(slug="a"), theme, 2)
    b = _with_fan(CollectiveFactory(slug="b"), theme, 5)
    response = client.get(COMPARE, {"c": ["a", "b"]})
    traces = response.context["fans_figure"]["data"]
    assert [t["type"] for t in traces] == ["scatterpolar", "scatterpolar"]
    assert [t["name"] for t in traces] == [a.name, b.name]
    assert [t["r"] for t in traces] == [[2], [5]]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"c": ["only-one"]}, "minstens 2"),
        ({"c": [f"c{i}" for i in range(7)]}, "hoogstens 6"),
        ({"c": ["c0", "does-not-exist"]}, "does-not-exist"),
        ({}, "minstens 2"),
    ],
)
def test_bad_selection_gets_a_clear_message_not_an_error(client, params, message):
    for i in range(7):
        CollectiveFactory(slug=f"c{i}")
    CollectiveFactory(slug="only-one")
    response = client.get(COMPARE, params)
    assert response.status_code == 200
    assert message in " ".join(response.context["selection"].errors)


def test_unpublished_collective_cannot_be_compared(client):
    CollectiveFactory(slug="open")
    CollectiveFactory(slug="concept", status="draft")
    response = client.get(COMPARE, {"c": ["open", "concept"]})
    assert not response.context["selection"].ready
    assert "concept" in " ".join(response.context["selection"].errors)


def test_comparison_query_count_does_not_grow_from_2_to_6(client, max_queries):
    theme = ValueThemeFactory()
    slugs = [_with_fan(CollectiveFactory(), theme, 3).slug for _ in range(6)]
    LadderStepFactory(number=5)
    with max_queries(12) as two:
        client.get(COMPARE, {"c": slugs[:2]})
    with max_queries(12) as six:
        client.get(COMPARE, {"c": slugs})
    assert len(six.captured_queries) == len(two.captured_queries)


def test_comparison_csv_has_one_row_per_collective(client):
    CollectiveFactory(name="Keilepand", slug="keilepand")
    CollectiveFactory(name="De Kroon", slug="de-kroon")
    url = reverse("collectives:compare-export", args=["csv"])
    frame = _csv_frame(client.get(url, {"c": ["keilepand", "de-kroon"]}))
    assert list(frame["Collectief"]) == ["Keilepand", "De Kroon"]


def test_comparison_xlsx_and_unknown_format(client):
    CollectiveFactory(slug="a")
    CollectiveFactory(slug="b")
    xlsx = client.get(
        reverse("collectives:compare-export", args=["xlsx"]), {"c": ["a", "b"]}
    )
    assert xlsx["Content-Type"].startswith("application/vnd.openxml")
    pdf = client.get(
        reverse("collectives:compare-export", args=["pdf"]), {"c": ["a", "b"]}
    )
    assert pdf.status_code == 404


def test_table_export_has_exactly_the_filters_on_screen(client):
    CollectiveFactory(name="Rotterdams", city="Rotterdam")
    CollectiveFactory(name="Utrechts", city="Utrecht")
    CollectiveFactory(name="Verborgen", city="Utrecht", status="draft")
    url = reverse("collectives:list-export", args=["csv"])
    frame = _csv_frame(client.get(url, {"city": "Utrecht"}))
    assert list(frame["Collectief"]) == ["Utrechts"]


def test_export_neutralises_formulas_in_user_text(client):
    CollectiveFactory(name='=HYPERLINK("http://evil")', city="Rotterdam")
    frame = _csv_frame(client.get(reverse("collectives:list-export", args=["csv"])))
    assert frame["Collectief"][0].startswith("'=")


def test_map_selection_geojson_download(client):
    CollectiveFactory(slug="utrecht", city="Utrecht")
    CollectiveFactory(slug="rotterdam", city="Rotterdam")
    response = client.get(reverse("collectives:map-export"), {"city": "Utrecht"})
    data = json.loads(response.content)
    assert [f["properties"]["slug"] for f in data["features"]] == ["utrecht"]
    assert data["license"] == "CC BY 4.0"
    assert response["Content-Disposition"].endswith('.geojson"')


# --- areas -----------------------------------------------------------------------


def _area_with(n: int, slug: str, *, lon: float) -> object:
    area = AreaFactory(slug=slug, name=slug.title(), boundary=square(lon, 51.9))
    theme = ValueThemeFactory(slug="programmering")
    for i in range(n):
        c = CollectiveFactory(
            area=area,
            location=Point(lon, 51.9, srid=4326),
            entrepreneur_count=10,
            floor_area_m2=100,
            tenure="owned" if i % 2 else "rented_temporary",
        )
        ValueReachFactory(
            assessment=AssessmentFactory(
                collective=c, ladder_step=LadderStepFactory(number=4)
            ),
            theme=theme,
            reach=2 + i % 3,
        )
    return area


def test_area_page_totals_ladder_and_aggregated_fan(client):
    area = _area_with(4, "keilekwartier", lon=4.43)
    CollectiveFactory(area=area, status="draft", entrepreneur_count=999)
    response = client.get(reverse("areas:detail", args=[area.slug]))
    row = response.context["row"]
    assert row["collective_count"] == 4
    assert row["entrepreneurs"] == 40
    assert row["floor_area"] == 400
    assert row["secure_share"] == 50 and row["temporary_share"] == 50
    distribution = dict((s.number, n) for s, n in response.context["distribution"])
    assert distribution[4] == 4
    (fan,) = response.context["fan_rows"]
    # reaches 2, 3, 4, 2: the median 2.5 rounds down to the ring it reaches
    assert fan["furthest"] == 4 and fan["typical"] == 2 and fan["collectives"] == 4


def test_area_page_query_count_does_not_grow(client, max_queries):
    small = _area_with(2, "klein", lon=4.43)
    big = _area_with(25, "groot", lon=5.09)
    with max_queries(10) as few:
        client.get(reverse("areas:detail", args=[small.slug]))
    with max_queries(10) as many:
        client.get(reverse("areas:detail", args=[big.slug]))
    assert len(many.captured_queries) == len(few.captured_queries)


def test_area_comparison_and_its_csv(client):
    _area_with(2, "keilekwartier", lon=4.43)
    _area_with(3, "werkspoorkwartier", lon=5.09)
    params = {"a": ["keilekwartier", "werkspoorkwartier"]}
    response = client.get(reverse("areas:compare"), params)
    rows = dict(response.context["table_rows"])
    assert rows["Collectieven"] == [2, 3]
    assert len(response.context["fans_figure"]["data"]) == 2
    url = reverse("areas:compare-export", args=["csv"])
    frame = _csv_frame(client.get(url, params))
    assert list(frame["Gebied"]) == ["Keilekwartier", "Werkspoorkwartier"]


def test_area_list_has_totals_in_one_query_per_kind(client, max_queries):
    _area_with(2, "een", lon=4.43)
    _area_with(2, "twee", lon=5.09)
    with max_queries(4):
        response = client.get(reverse("areas:list"))
    assert [
        row["collective_count"] for _a, row in response.context["rows_with_areas"]
    ] == [2, 2]


def test_unknown_area_is_404(client):
    assert client.get(reverse("areas:detail", args=["nergens"])).status_code == 404


# --- pure functions ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("rent", "band"),
    [(None, None), (60, "below"), (75, "within"), (125, "within"), (126, "above")],
)
def test_rent_band(rent, band):
    assert comparisons.rent_band(rent) == band


def test_tenure_shares_and_step_distribution():
    shares = comparisons.tenure_shares(
        ["owned", "rented_temporary", "varies", "cooperative"]
    )
    assert shares == {"secure": 0.5, "temporary": 0.25, "other": 0.25}
    assert comparisons.tenure_shares([])["secure"] is None
    assert comparisons.step_distribution([1, 5, 5, None, 7]) == [1, 0, 0, 0, 2, 0, 1]


def test_aggregated_fan_keeps_theme_order_and_skips_themes_without_value():
    fan = comparisons.aggregated_fan(
        [(1, "B", 2), (2, "B", 5), (3, "B", 3), (1, "A", 1)], ["A", "B", "C"]
    )
    assert fan.to_dict("records") == [
        {"theme": "A", "furthest": 1, "typical": 1, "collectives": 1},
        {"theme": "B", "furthest": 5, "typical": 3, "collectives": 3},
    ]


def test_whole_numbers_stay_whole_next_to_a_missing_value(client):
    CollectiveFactory(slug="groot", floor_area_m2=15000)
    CollectiveFactory(slug="onbekend", floor_area_m2=None)
    rows = dict(client.get(COMPARE, {"c": ["groot", "onbekend"]}).context["table_rows"])
    assert rows["Vloeroppervlak (m²)"] == [15000, "–"]


def test_the_typical_reach_is_one_that_a_collective_has():
    # Two collectives reach the building (1) and the city (4): the typical reach
    # is the lower median, the building, not the area (2.5 → 2) that neither has.
    fan = comparisons.aggregated_fan([("a", "T", 1), ("b", "T", 4)], ["T"])
    assert fan.to_dict("records") == [
        {"theme": "T", "furthest": 4, "typical": 1, "collectives": 2}
    ]
