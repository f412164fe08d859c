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
    with max_queries(3):  # 2, and the content version for the page cache
        client.get(reverse("casestudies:cross-case"))
    CaseStudyFactory.create_batch(10)
    with max_queries(3):
        client.get(reverse("casestudies:cross-case"))


def test_cross_case_table_downloads_as_csv_with_one_row_per_case(client):
    import io

    import pandas as pd

    CaseStudyFactory(
        collective=CollectiveFactory(name="Vergelijking"), case_type="comparison"
    )
    CaseStudyFactory(collective=CollectiveFactory(name="Primair"), case_type="primary")
    CaseStudyFactory(collective=CollectiveFactory(name="Concept", status="draft"))
    response = client.get(reverse("casestudies:cross-case-export", args=["csv"]))
    frame = pd.read_csv(io.StringIO(response.content.decode("utf-8-sig")), comment="#")
    assert list(frame["Casus"]) == ["Primair", "Vergelijking"]
    assert (
        client.get(reverse("casestudies:cross-case-export", args=["doc"])).status_code
        == 404
    )
