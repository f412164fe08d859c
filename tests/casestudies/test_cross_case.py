import pytest
from django.urls import reverse

from tests.factories import CaseStudyFactory, CollectiveFactory

pytestmark = pytest.mark.django_db


def test_cross_case_puts_primary_cases_before_comparison_cases(client):
    CaseStudyFactory(
        collective=CollectiveFactory(name="Vergelijking"), case_type="comparison"
    )
    CaseStudyFactory(collective=CollectiveFactory(name="Primair"), case_type="primary")
    response = client.get(reverse("casestudies:cross-case"))
    names = [case.collective.name for case in response.context["cases"]]
    assert names == ["Primair", "Vergelijking"]


def test_cross_case_hides_unpublished_collectives(client):
    CaseStudyFactory(collective=CollectiveFactory(name="Verborgen", status="draft"))
    page = client.get(reverse("casestudies:cross-case")).content.decode()
    assert "Verborgen" not in page


def test_cross_case_query_count_does_not_grow(client, max_queries):
    CaseStudyFactory.create_batch(2)
    with max_queries(2):
        client.get(reverse("casestudies:cross-case"))
    CaseStudyFactory.create_batch(10)
    with max_queries(2):
        client.get(reverse("casestudies:cross-case"))
