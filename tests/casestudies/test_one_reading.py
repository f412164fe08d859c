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
