"""A rent whose term the source does not give is *term unknown*: area totals say
how many there are instead of counting them as secure (De Kroon in Schiemond)."""

import io

import pandas as pd
import pytest
from django.urls import reverse
from django.utils import translation

from collectives.models import Collective

pytestmark = pytest.mark.django_db


def test_de_kroon_rents_with_a_term_the_whitepaper_does_not_give(six_cases):
    de_kroon = Collective.objects.get(slug="de-kroon")
    assert de_kroon.tenure == Collective.Tenure.RENTED_UNKNOWN
    assert de_kroon.tenure_term_years is None
    assert de_kroon.tenure_source.slug == "samen-ruimte-maken-voor-werk-2024"


def test_schiemond_is_not_counted_as_secure(client, six_cases):
    row = client.get(reverse("areas:detail", args=["schiemond"])).context["row"]
    assert (row["secure_share"], row["temporary_share"], row["tenure_unknown"]) == (
        0,
        0,
        1,
    )


def test_the_area_table_download_has_the_unknown_count(client, six_cases):
    with translation.override("en"):
        response = client.get(reverse("areas:list-export", args=["csv"]))
    frame = pd.read_csv(io.StringIO(response.content.decode("utf-8-sig")), comment="#")
    counts = dict(
        zip(
            frame["Area"],
            frame["Collectives whose tenure or term is unknown"],
            strict=True,
        )
    )
    assert counts["Schiemond"] == 1
    assert counts["Keilekwartier"] == 0
