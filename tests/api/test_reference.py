"""Value themes and ladder steps: the reference data of the value fan and the
participation ladder."""

import pytest
from django.urls import reverse

from tests.factories import LadderStepFactory, ValueThemeFactory

pytestmark = pytest.mark.django_db


def test_value_themes_in_their_order_with_both_languages(api):
    ValueThemeFactory(slug="second", order=2, name_nl="Tweede", name_en="Second")
    ValueThemeFactory(slug="first", order=1, name_nl="Eerste", name_en="First")
    data = api.get(reverse("api-v1:value-theme-list")).json()
    assert [row["slug"] for row in data["results"]] == ["first", "second"]
    assert data["results"][0] == {
        "slug": "first",
        "name_nl": "Eerste",
        "name_en": "First",
        "description_nl": "",
        "description_en": "",
        "order": 1,
        "colour": "#332288",
        # The API says where the themes come from (in the client's language).
        "about": "The value themes are this atlas's reading of the whitepaper's "
        "image 7a (the value fan), whose labels its text does not give.",
    }
    detail = reverse("api-v1:value-theme-detail", kwargs={"slug": "second"})
    assert api.get(detail).json()["name_en"] == "Second"


def test_ladder_steps_by_number(api):
    for number in (3, 1, 2):
        LadderStepFactory(number=number)
    data = api.get(reverse("api-v1:ladder-step-list")).json()
    assert [row["number"] for row in data["results"]] == [1, 2, 3]
    step = api.get(reverse("api-v1:ladder-step-detail", kwargs={"number": 2})).json()
    assert step["name_nl"] == "Trede 2"
    assert step["stage"] == "mutual"


@pytest.mark.parametrize("number", ["9", "abc", "99999999999999999999999", "-1"])
def test_missing_or_impossible_ladder_step_is_a_404(api, number):
    LadderStepFactory(number=1)
    url = reverse("api-v1:ladder-step-list") + number + "/"
    response = api.get(url)
    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("name", ["value-theme-list", "ladder-step-list"])
def test_reference_lists_cost_a_fixed_number_of_queries(api, max_queries, name):
    for number in range(1, 8):
        LadderStepFactory(number=number)
        ValueThemeFactory()
    with max_queries(3):  # count, page, the content version it is cached under
        assert api.get(reverse(f"api-v1:{name}")).json()["count"] == 7
