import pytest
from django.db import IntegrityError, transaction

from collectives.models import Collective, Role, RoleCount
from tests.factories import (
    CaseStudyFactory,
    CollectiveFactory,
    QuoteFactory,
    RoleCountFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def _violates(**fields):
    collective = CollectiveFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Collective.objects.filter(pk=collective.pk).update(**fields)


@pytest.mark.parametrize(
    "fields",
    [
        {"founded_year": 1066},
        {"founded_year": 2500},
        {"entrepreneur_count": -1},
        {"floor_area_m2": -5},
        {"outdoor_area_m2": -5},
        {"rent_eur_m2_year": -10},
        {"kind": "castle"},
        {"tenure": "squatted"},
        {"status": "secret"},
        {"location_precision": "roughly"},
    ],
    ids=lambda f: next(iter(f)),
)
def test_database_rejects_implausible_collective_facts(fields):
    _violates(**fields)


def test_slugs_are_unique():
    CollectiveFactory(slug="keilepand")
    with pytest.raises(IntegrityError), transaction.atomic():
        CollectiveFactory(slug="keilepand")


def test_one_case_study_per_collective():
    case = CaseStudyFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseStudyFactory(collective=case.collective)


def test_one_count_per_role_per_collective():
    role = RoleCountFactory(role=Role.BINDER)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleCountFactory(collective=role.collective, role=Role.BINDER)


def test_role_range_must_be_ordered():
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleCountFactory(count_min=3, count_max=2)


def test_role_must_be_one_of_the_four():
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleCountFactory(role=9)


def test_quote_order_is_unique_per_collective():
    quote = QuoteFactory(order=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        QuoteFactory(collective=quote.collective, order=1)


@pytest.mark.parametrize(
    ("low", "high", "shown"),
    [(2, 3, "2–3"), (4, 4, "4"), (2, None, "≥ 2"), (None, 5, "≤ 5"), (None, None, "")],
)
def test_role_count_display(low, high, shown):
    assert RoleCount(count_min=low, count_max=high).count_display == shown


def test_age_is_counted_to_the_year_the_source_describes():
    assert Collective(founded_year=2015, facts_as_of=2024).age == 9
    assert Collective(founded_year=None).age is None


def test_citation_reads_like_a_reference():
    source = SourceFactory.build(
        title="Samen ruimte maken voor werk",
        subtitle="Verkennend onderzoek",
        authors="Brugmans, A., & Peek, G.-J.",
        year=2024,
        month="november",
        publisher="Hogeschool Rotterdam",
        url="",
    )
    assert source.citation() == (
        "Brugmans, A., & Peek, G.-J. (november 2024). Samen ruimte maken voor werk: "
        "Verkennend onderzoek. Hogeschool Rotterdam."
    )
