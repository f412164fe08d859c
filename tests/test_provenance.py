"""Provenance everywhere, numbers as numbers (issue: "Readings you can trust"):
every download and API response of the six cases cites the whitepaper, the
atlas's data version and its own address on SITE_URL; derived readings say so;
numeric columns are numbers."""

import io
import json
from urllib.parse import urlencode

import openpyxl
import pandas as pd
import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from collectives.models import Source
from collectives.provenance import WHITEPAPER
from core import content_version
from tests.conftest import SIX_CASE_SLUGS

pytestmark = pytest.mark.django_db

SLUGS = SIX_CASE_SLUGS
AREAS = ["keilekwartier", "werkspoorkwartier"]


def _en(name: str, *args, query: dict | None = None) -> str:
    with translation.override("en"):
        path = reverse(name, args=args)
    return f"{path}?{urlencode(query, doseq=True)}" if query else path


TABLES = [
    ("collectives:list-export", ["csv"], None),
    ("collectives:list-export", ["xlsx"], {"city": "Rotterdam"}),
    ("collectives:compare-export", ["csv"], {"c": SLUGS}),
    ("collectives:compare-export", ["xlsx"], {"c": SLUGS}),
    ("casestudies:cross-case-export", ["csv"], None),
    ("casestudies:cross-case-export", ["xlsx"], None),
    ("casestudies:positions-csv", [], None),
    ("areas:list-export", ["csv"], None),
    ("areas:compare-export", ["csv"], {"a": AREAS}),
    ("areas:compare-export", ["xlsx"], {"a": AREAS}),
    ("collectives:value-fan-csv", ["keilepand"], None),
    ("collectives:ladder-csv", ["werkspoorkwartier"], None),
]


def _citation_of_table(response) -> tuple[str, pd.DataFrame]:
    """The citation line and the data of a CSV or XLSX download."""
    assert response.status_code == 200, response.content[:300]
    if response["Content-Type"].startswith("text/csv"):
        text = response.content.decode("utf-8-sig")
        lines = text.splitlines()
        assert lines[0].startswith("# ") and lines[1].startswith("# ")
        # Readable both ways the README gives.
        frame = pd.read_csv(io.StringIO(text), comment="#")
        assert frame.equals(pd.read_csv(io.StringIO(text), skiprows=2))
        return lines[0][2:], frame
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    about = book.worksheets[1]
    frame = pd.read_excel(io.BytesIO(response.content), sheet_name=0)
    return about.cell(row=2, column=1).value, frame


def _assert_cites(citation: str, path: str) -> None:
    whitepaper = Source.objects.get(slug=WHITEPAPER).citation()
    assert whitepaper in citation
    assert "Samen ruimte maken voor werk" in citation
    assert f"Data version {content_version.current()}," in citation
    url = settings.SITE_URL.rstrip("/") + path
    assert f" {url}. " in citation, (url, citation)
    assert "testserver" not in citation


@pytest.mark.parametrize(("name", "args", "query"), TABLES)
def test_every_table_download_cites_whitepaper_version_and_itself(
    client, six_cases, name, args, query
):
    path = _en(name, *args, query=query)
    citation, frame = _citation_of_table(client.get(path))
    _assert_cites(citation, path)
    assert len(frame) >= 1


def test_map_download_cites_and_flags_derived_readings(client, six_cases):
    path = _en("collectives:map-export", query={"city": "Rotterdam"})
    data = json.loads(client.get(path).content)
    _assert_cites(data["citation"], path)
    assert data["citation"] in data["attribution"]
    features = {f["properties"]["slug"]: f["properties"] for f in data["features"]}
    assert "keilepand" in features
    assert all(p["reading_derived"] is True for p in features.values())
    assert features["keilepand"]["ladder_step"] == 5


def test_map_feed_flags_derived_readings(client, six_cases):
    data = client.get(reverse("api-v1:collectives-geojson")).json()
    flags = {f["properties"]["slug"]: f["properties"] for f in data["features"]}
    assert set(SLUGS) <= set(flags)
    assert all(flags[slug]["reading_derived"] is True for slug in SLUGS)
    assert all(isinstance(flags[slug]["ladder_step"], int) for slug in SLUGS)


@pytest.mark.parametrize(
    "name",
    [
        "api-v1:collective-list",
        "api-v1:collective-geojson",
        "api-v1:ladder-position-list",
        "api-v1:assessment-list",
        "api-v1:area-list",
    ],
)
def test_api_lists_cite_whitepaper_version_and_their_address(api, six_cases, name):
    path = reverse(name) + "?page_size=10"
    body = api.get(path, HTTP_ACCEPT_LANGUAGE="en").json()
    _assert_cites(body["citation"], path)


def test_api_citation_without_rows_still_cites(api, six_cases):
    path = reverse("api-v1:collective-list") + "?q=nothing-like-this"
    body = api.get(path, HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["count"] == 0
    _assert_cites(body["citation"], path)


def test_api_says_which_readings_are_derived(api, six_cases):
    positions = api.get(reverse("api-v1:ladder-position-list")).json()["results"]
    assert {r["collective"]: r["reading_derived"] for r in positions} == {
        slug: True for slug in SLUGS
    }
    collectives = api.get(reverse("api-v1:collective-list")).json()["results"]
    assert all(c["reading_derived"] is True for c in collectives)
    detail = api.get(reverse("api-v1:collective-detail", args=["keilepand"])).json()
    assert detail["reading_derived"] is True


@pytest.fixture
def api():
    from rest_framework.test import APIClient

    return APIClient()


def test_collective_tables_have_numbers_and_derived_flags(client, six_cases):
    with translation.override("en"):
        for path in (
            _en("collectives:list-export", "csv"),
            _en("collectives:compare-export", "xlsx", query={"c": SLUGS}),
        ):
            _citation, frame = _citation_of_table(client.get(path))
            assert len(frame) == 6
            step = frame["Participation ladder step (1–7)"]
            assert pd.api.types.is_integer_dtype(step)
            assert frame.set_index("Collective").loc["Keilepand", step.name] == 5
            assert frame["Participation ladder step"].str.contains(".").all()
            assert pd.api.types.is_numeric_dtype(frame["Entrepreneurs"])
            notes = frame.set_index("Collective")[
                "Entrepreneurs (as the source puts it)"
            ]
            assert pd.isna(
                frame.set_index("Collective").loc["Werkspoorkwartier", "Entrepreneurs"]
            )
            assert notes["Werkspoorkwartier"].startswith("No number given")
            assert frame["Derived reading"].tolist() == [True] * 6


def test_cross_case_download_has_numbers_words_and_derived_flags(client, six_cases):
    _citation, frame = _citation_of_table(
        client.get(_en("casestudies:cross-case-export", "csv"))
    )
    assert len(frame) == 6
    for column in (
        "Entrepreneurs",
        "Control over own space (regie), 1–5",
        "Internal cooperation (samenwerking), 1–5",
    ):
        assert pd.api.types.is_numeric_dtype(frame[column]), column
    by_case = frame.set_index("Case")
    assert pd.isna(by_case.loc["Werkspoorkwartier", "Entrepreneurs"])
    assert by_case.loc["Werkspoorkwartier", "Entrepreneurs (as the source puts it)"]
    assert by_case.loc["Keilepand", "Control over own space (regie), 1–5"] == 5
    assert by_case.loc["Keilepand", "Control over own space (regie)"] == "Very high"
    assert frame["Derived reading"].tolist() == [True] * 6


def test_area_comparison_has_one_number_column_per_step(client, six_cases):
    path = _en("areas:compare-export", "csv", query={"a": AREAS})
    _citation, frame = _citation_of_table(client.get(path))
    columns = [f"Collectives on ladder step {n}" for n in range(1, 8)]
    for column in columns:
        assert pd.api.types.is_integer_dtype(frame[column]), column
    by_area = frame.set_index("Area")
    assert (
        by_area.loc["Keilekwartier", columns].sum()
        == by_area.loc["Keilekwartier", "Collectives"]
    )
    derived = "Collectives whose ladder step is a derived reading"
    assert (
        by_area.loc["Keilekwartier", derived]
        == by_area.loc["Keilekwartier", "Collectives"]
    )


def test_profile_csvs_flag_derived_readings(client, six_cases):
    _c, ladder = _citation_of_table(
        client.get(_en("collectives:ladder-csv", "keilepand"))
    )
    assert ladder["derived reading"].tolist() == [True]
    assert pd.api.types.is_integer_dtype(ladder["step"])
    _c, fan = _citation_of_table(
        client.get(_en("collectives:value-fan-csv", "keilepand"))
    )
    assert fan["derived reading"].all()


def test_pages_say_which_readings_are_derived(client, six_cases):
    with translation.override("en"):
        ladder = client.get(reverse("collectives:ladder")).content.decode()
        assert ladder.count("(derived reading)") == 6
        compare = client.get(reverse("collectives:compare"), {"c": SLUGS[:2]})
        rows = dict(compare.context["table_rows"])
        assert rows["Derived reading"] == ["yes", "yes"]
        area = client.get(reverse("areas:detail", args=["keilekwartier"]))
        assert 'id="derived-readings"' in area.content.decode()
        areas = client.get(reverse("areas:compare"), {"a": AREAS})
        rows = dict(areas.context["table_rows"])
        assert "Collectives whose ladder step is a derived reading" in rows


def test_pages_group_thousands_alike(client, six_cases):
    from collectives.models import Collective

    # The fixture's counts are small: make one large.
    Collective.objects.filter(slug="keilepand").update(
        entrepreneur_count=15000, floor_area_m2=15000
    )
    content_version.bump()
    with translation.override("en"):
        listing = client.get(reverse("collectives:list")).content.decode()
        assert "15000" not in listing and listing.count("15,000") >= 2
        compare = client.get(reverse("collectives:compare"), {"c": SLUGS[:2]})
        html = compare.content.decode()
        table = html[html.index("<table") : html.index("</table>")]
        assert "15000" not in table and table.count("15,000") == 2
        area = client.get(reverse("areas:detail", args=["keilekwartier"]))
        html = area.content.decode()
        assert "15000 entrepreneurs" not in html and "15,000 entrepreneurs" in html
        assert ">15,000<" in html  # the totals
