"""One reading per collective: regie, samenwerking and the ladder step of the
whitepaper's six cases are the same on every page, download and API response
that shows them (issue: "Readings you can trust")."""

import io

import pandas as pd
import pytest
from django.urls import reverse
from django.utils import translation

from tests.conftest import SIX_CASE_SLUGS
from valuefan.models import Assessment, Degree

pytestmark = pytest.mark.django_db

SLUGS = SIX_CASE_SLUGS


def _csv(response) -> pd.DataFrame:
    assert response.status_code == 200, response.content[:300]
    return pd.read_csv(io.StringIO(response.content.decode("utf-8-sig")), comment="#")


@pytest.fixture
def readings(six_cases):
    """What the data says: the newest public assessment with both regie and
    samenwerking, and the newest with a ladder step, per case."""
    truth = {}
    for slug in SLUGS:
        newest = Assessment.objects.filter(collective__slug=slug, is_public=True)
        pair = newest.exclude(regie=None).exclude(samenwerking=None).first()
        step = newest.exclude(ladder_step=None).first()
        truth[slug] = (pair.regie, pair.samenwerking, step.ladder_step.number)
    return truth


def test_the_six_cases_have_every_reading(readings):
    assert set(readings) == set(SLUGS)


def test_profiles_show_the_reading(client, readings):
    for slug, (regie, samenwerking, step) in readings.items():
        context = client.get(reverse("collectives:detail", args=[slug])).context
        shown = context["position_assessment"]
        assert (shown.regie, shown.samenwerking) == (regie, samenwerking), slug
        assert context["ladder_current"].ladder_step.number == step, slug
        highlighted = [r for r in context["position_rows"] if r["highlighted"]]
        assert [(r["regie"], r["samenwerking"]) for r in highlighted] == [
            (regie, samenwerking)
        ], slug


def test_the_cross_case_table_and_its_scatter_agree_with_the_reading(client, readings):
    with translation.override("en"):
        context = client.get(reverse("casestudies:cross-case")).context
        table = dict(context["rows"])
        names = [case.collective.slug for case in context["cases"]]
        regie_cells = table["Control over own space (regie)"]
        samenwerking_cells = table["Internal cooperation (samenwerking)"]
        for slug, regie_cell, samenwerking_cell in zip(
            names, regie_cells, samenwerking_cells, strict=True
        ):
            regie, samenwerking, _step = readings[slug]
            assert regie_cell == f"{Degree(regie).label.capitalize()} ({regie} of 5)"
            assert samenwerking_cell.endswith(f"({samenwerking} of 5)")
            assert str(Degree(samenwerking).label) in samenwerking_cell.lower()
        by_name = {
            case.collective.name: case.collective.slug for case in context["cases"]
        }
        scatter = {
            by_name[r["name"]]: (r["regie"], r["samenwerking"])
            for r in context["position_rows"]
        }
    assert scatter == {slug: r[:2] for slug, r in readings.items()}


def test_downloads_and_the_api_agree_with_the_reading(client, readings):
    with translation.override("en"):
        positions = _csv(client.get(reverse("casestudies:positions-csv")))
        listing = _csv(client.get(reverse("collectives:list-export", args=["csv"])))
        compared = _csv(
            client.get(
                reverse("collectives:compare-export", args=["csv"]),
                {"c": SLUGS[:6]},
            )
        )
    api = client.get(
        "/api/v1/ladder-positions/", {"page_size": 50}, HTTP_ACCEPT_LANGUAGE="en"
    ).json()["results"]
    from_api = {
        r["collective"]: (r["regie"], r["samenwerking"], r["step"]) for r in api
    }
    regie = "Control over own space (regie), 1–5"
    samenwerking = "Internal cooperation (samenwerking), 1–5"
    for slug, (r, s, step) in readings.items():
        row = listing[listing["Identifier"] == slug].iloc[0]
        assert (row[regie], row[samenwerking]) == (r, s), slug
        assert row["Participation ladder step"].startswith(f"{step}"), slug
        name = row["Collective"]
        assert tuple(
            compared.loc[compared["Collective"] == name, [regie, samenwerking]].iloc[0]
        ) == (r, s)
        assert tuple(
            positions.loc[
                positions["collective"] == name,
                [
                    "control over own space (regie), 1–5",
                    "internal cooperation (samenwerking), 1–5",
                ],
            ].iloc[0]
        ) == (r, s)
        assert from_api[slug] == (r, s, step), slug


@pytest.fixture
def fans(six_cases):
    """Per case, per theme slug, the reach (1–5) of its newest public fan."""
    truth = {}
    for slug in SLUGS:
        newest = (
            Assessment.objects.filter(
                collective__slug=slug, is_public=True, reaches__isnull=False
            )
            .distinct()
            .first()
        )
        truth[slug] = {r.theme.slug: r.reach for r in newest.reaches.all()}
    return truth


def test_value_reaches_agree_on_profile_comparison_download_and_api(client, fans):
    from valuefan.models import Reach, ValueTheme

    themes = {t.slug: t for t in ValueTheme.objects.all()}
    with translation.override("en"):
        labels = {value: str(label) for value, label in Reach.choices}
        compared = client.get(reverse("collectives:compare"), {"c": SLUGS}).context
        columns = [c.slug for c in compared["selection"].items]
        table = {theme.slug: cells for theme, cells in compared["fan_table"]}
    api: dict[str, dict] = {}
    for row in client.get(
        "/api/v1/assessments/", {"page_size": 100}, HTTP_ACCEPT_LANGUAGE="en"
    ).json()["results"]:  # newest first per collective
        if row["reaches"]:
            api.setdefault(
                row["collective"], {r["theme"]: r["reach"] for r in row["reaches"]}
            )
    for slug, reaches in fans.items():
        rows = client.get(reverse("collectives:detail", args=[slug])).context[
            "fan_rows"
        ]
        on_profile = {r["theme"].slug: r["shown"]["reach"] for r in rows if r["shown"]}
        assert {k: v for k, v in on_profile.items() if v} == reaches, slug
        download = _csv(client.get(reverse("collectives:value-fan-csv", args=[slug])))
        in_file = dict(
            zip(download.iloc[:, 4], download.iloc[:, 5].astype("Int64"), strict=True)
        )
        by_name = {themes[t].name: r for t, r in reaches.items()}
        assert {k: v for k, v in in_file.items() if pd.notna(v)} == by_name, slug
        assert api[slug] == reaches, slug
        for theme, reach in reaches.items():
            assert table[theme][columns.index(slug)] == labels[reach], (slug, theme)


def test_tenure_agrees_on_profile_list_download_area_and_api(client, six_cases):
    from collectives.models import Collective

    with translation.override("en"):
        listing = _csv(client.get(reverse("collectives:list-export", args=["csv"])))
    for collective in Collective.objects.filter(slug__in=SLUGS):
        shown = client.get(collective.get_absolute_url()).context["collective"]
        assert shown.tenure == collective.tenure
        row = listing[listing["Identifier"] == collective.slug].iloc[0]
        with translation.override("en"):
            assert row["Contract type"] == collective.get_tenure_display()
        detail = client.get(f"/api/v1/collectives/{collective.slug}/").json()
        assert detail["tenure"] == collective.tenure
    schiemond = client.get(reverse("areas:detail", args=["schiemond"])).context["row"]
    assert schiemond["tenure_unknown"] == 1  # De Kroon, whose term the paper omits


def test_the_map_feed_agrees_with_the_reading(client, readings):
    from collectives.models import Collective

    features = client.get(reverse("api-v1:collectives-geojson")).json()["features"]
    feed = {f["properties"]["slug"]: f["properties"] for f in features}
    for slug, (regie, samenwerking, step) in readings.items():
        shown = feed[slug]
        assert (shown["regie"], shown["samenwerking"], shown["ladder_step"]) == (
            regie,
            samenwerking,
            step,
        ), slug
        assert shown["tenure"] == Collective.objects.get(slug=slug).tenure, slug


def test_directions_agree_on_profile_comparison_list_download_and_api(
    client, six_cases
):
    """The directions each case shows: the newest public assessment that lists
    any, on the profile, in the comparison, the list download and the API."""
    from valuefan.models import Direction

    with translation.override("en"):
        listing = _csv(client.get(reverse("collectives:list-export", args=["csv"])))
        compared = _csv(
            client.get(
                reverse("collectives:compare-export", args=["csv"]), {"c": SLUGS}
            )
        )
    api = {
        r["collective"]: r["directions"]
        for r in client.get("/api/v1/ladder-positions/", {"page_size": 50}).json()[
            "results"
        ]
    }
    column = "Directions of development shown"
    for slug in SLUGS:
        newest = (
            Assessment.objects.filter(
                collective__slug=slug, is_public=True, directions__isnull=False
            )
            .distinct()
            .first()
        )
        truth = [Direction(d.direction) for d in newest.directions.all()]
        assert truth, slug
        context = client.get(reverse("collectives:detail", args=[slug])).context
        on_profile = [
            row["direction"]
            for group in context["direction_groups"]
            for row in group["rows"]
            if row["reading"]
        ]
        assert on_profile == truth, slug
        with translation.override("en"):
            labels = "; ".join(str(d.label) for d in truth)
        row = listing[listing["Identifier"] == slug].iloc[0]
        assert row[column] == labels, slug
        name = row["Collective"]
        assert compared.loc[compared["Collective"] == name, column].iloc[0] == labels
        assert api[slug] == [d.name.lower() for d in truth], slug


@pytest.mark.parametrize(
    ("route", "query"),
    [
        ("collectives:list-export", {}),
        ("collectives:compare-export", {"c": SLUGS}),
    ],
)
def test_the_spreadsheets_say_what_the_csv_files_say(client, readings, route, query):
    """XLSX (read back with openpyxl) and CSV are written from the same rows."""
    import openpyxl

    with translation.override("en"):
        as_csv = _csv(client.get(reverse(route, args=["csv"]), query))
        response = client.get(reverse(route, args=["xlsx"]), query)
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row and row[0] == "Collective")
    as_xlsx = pd.DataFrame(rows[header + 1 :], columns=rows[header])
    columns = [
        "Control over own space (regie), 1–5",
        "Internal cooperation (samenwerking), 1–5",
        "Participation ladder step (1–7)",
        "Directions of development shown",
    ]
    as_csv, as_xlsx = (f.set_index("Collective") for f in (as_csv, as_xlsx))
    for name in as_csv.index:
        for column in columns:
            left, right = as_csv.loc[name, column], as_xlsx.loc[name, column]
            assert (pd.isna(left) and right in (None, "")) or left == right, (
                name,
                column,
            )


def test_the_area_feed_carries_outlines_not_readings(client, six_cases):
    """The areas feed draws outlines; the readings of areas live on the area
    pages and in the API, so there is nothing in it to disagree with them."""
    features = client.get(reverse("api-v1:areas-geojson")).json()["features"]
    assert features
    for feature in features:
        assert set(feature["properties"]) == {"slug", "name", "city", "approximate"}
