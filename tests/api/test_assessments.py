import pytest
from django.urls import reverse

from collectives.models import Collective
from tests.factories import (
    AssessmentFactory,
    CollectiveFactory,
    LadderStepFactory,
    ValueReachFactory,
    ValueThemeFactory,
)

pytestmark = pytest.mark.django_db
LIST = reverse("api-v1:assessment-list")
POSITIONS = reverse("api-v1:ladder-position-list")
UNPUBLISHED = [s for s in Collective.Status.values if s != Collective.Status.PUBLISHED]


def test_assessment_carries_its_value_fan(api):
    collective = CollectiveFactory(slug="keilepand", name="Keilepand")
    assessment = AssessmentFactory(
        collective=collective,
        assessed_on="2024-03-01",
        assessor="Hogeschool",
        ladder_step=LadderStepFactory(number=5),
    )
    ValueReachFactory(
        assessment=assessment,
        theme=ValueThemeFactory(slug="b-theme", order=2),
        reach=2,
        evidence="",
    )
    ValueReachFactory(
        assessment=assessment, theme=ValueThemeFactory(slug="a-theme", order=1)
    )
    (row,) = api.get(LIST).json()["results"]
    assert row["id"] == assessment.pk
    assert row["collective"] == "keilepand"
    assert row["collective_name"] == "Keilepand"
    assert row["assessed_on"] == "2024-03-01"
    assert row["assessor_kind"] == "researcher"
    assert row["ladder_step"] == 5
    assert (row["regie"], row["samenwerking"]) == (4, 5)
    assert row["directions"] == [
        {
            "direction": "socio_economic",
            "label": "socio-economic value for the neighbourhood",
            "evidence": "Open dagen.",
            "evidence_basis": "reported",
        }
    ]
    assert row["source"] is None
    assert row["reaches"] == [
        {
            "theme": "a-theme",
            "reach": 3,
            "evidence": "Festivals trekken publiek uit het gebied.",
            "evidence_basis": "reported",
        },
        {"theme": "b-theme", "reach": 2, "evidence": "", "evidence_basis": "reported"},
    ]
    detail = reverse("api-v1:assessment-detail", kwargs={"pk": assessment.pk})
    assert api.get(detail).json() == row


def test_assessments_filter_by_collective_slug(api):
    a = AssessmentFactory(collective=CollectiveFactory(slug="a"))
    AssessmentFactory(collective=CollectiveFactory(slug="b"))
    data = api.get(LIST, {"collective": "a"}).json()
    assert [row["id"] for row in data["results"]] == [a.pk]


@pytest.mark.parametrize("status", UNPUBLISHED)
def test_assessments_of_unpublished_collectives_appear_nowhere(api, status):
    hidden = AssessmentFactory(collective=CollectiveFactory(slug="h", status=status))
    visible = AssessmentFactory()
    assert [r["id"] for r in api.get(LIST).json()["results"]] == [visible.pk]
    detail = reverse("api-v1:assessment-detail", kwargs={"pk": hidden.pk})
    assert api.get(detail).status_code == 404
    # Filtering by the slug neither shows them nor tells the collective exists.
    response = api.get(LIST, {"collective": "h"})
    assert response.status_code == 400
    assert response.json() == {"collective": ["Unknown collective."]}
    positions = api.get(POSITIONS).json()["results"]
    assert [p["collective"] for p in positions] == [visible.collective.slug]


def test_non_public_assessment_is_hidden(api):
    hidden = AssessmentFactory(is_public=False)
    assert api.get(LIST).json()["count"] == 0
    detail = reverse("api-v1:assessment-detail", kwargs={"pk": hidden.pk})
    assert api.get(detail).status_code == 404


@pytest.mark.parametrize(
    "pk", ["abc", "99999999999999999999999999", "9223372036854775808", "0"]
)
def test_impossible_assessment_id_is_a_404(api, pk):
    response = api.get(LIST + pk + "/")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"collective": "nobody"}, "collective"),
        ({"collective": "bad slug"}, "collective"),
        ({"assessor_kind": "oracle"}, "assessor_kind"),
    ],
)
def test_bad_assessment_filter_is_a_400(api, params, field):
    response = api.get(LIST, params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_ladder_positions_give_each_collectives_newest_step(api):
    collective = CollectiveFactory(slug="keilepand", name="Keilepand")
    AssessmentFactory(
        collective=collective, assessed_on="2020-01-01", ladder_step=LadderStepFactory()
    )
    AssessmentFactory(
        collective=collective,
        assessed_on="2024-01-01",
        ladder_step=LadderStepFactory(number=6),
        regie=None,
        samenwerking=3,
        directions=[],
    )
    CollectiveFactory(slug="unassessed")
    data = api.get(POSITIONS).json()
    assert data["results"] == [
        {
            "collective": "keilepand",
            "name": "Keilepand",
            "city": "Rotterdam",
            "step": 6,
            # regie and samenwerking come as a pair, from the newest reading
            # that has both (the 2024 one has no regie)
            "regie": 4,
            "samenwerking": 5,
            "directions": ["socio_economic"],
            "reading_derived": False,
        }
    ]
    assert api.get(POSITIONS, {"step": "5"}).json()["count"] == 0
    assert api.get(POSITIONS, {"step": "6"}).json()["count"] == 1
    assert list(api.get(POSITIONS, {"step": "x"}).json()) == ["step"]


@pytest.mark.parametrize("n", [2, 30])
def test_assessment_list_costs_a_fixed_number_of_queries(api, max_queries, n):
    themes = [ValueThemeFactory() for _ in range(3)]
    for _ in range(n):
        assessment = AssessmentFactory()
        for theme in themes:
            ValueReachFactory(assessment=assessment, theme=theme)
    # count, page, reaches with their themes, directions, and the content version
    # the response is cached under (core/pagecache.py)
    with max_queries(5):
        data = api.get(LIST).json()
    assert data["count"] == n
    assert all(len(row["reaches"]) == 3 for row in data["results"])
    with max_queries(6):  # + the collective the filter names
        slug = data["results"][0]["collective"]
        assert api.get(LIST, {"collective": slug}).json()["count"] == 1


@pytest.mark.parametrize("n", [2, 30])
def test_ladder_positions_cost_a_fixed_number_of_queries(api, max_queries, n):
    for _ in range(n):
        AssessmentFactory()
    with max_queries(3):  # count, page, the content version it is cached under
        assert api.get(POSITIONS).json()["count"] == n
