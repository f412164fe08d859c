import pytest
from django.urls import reverse

from collectives.models import Collective
from tests.factories import AreaFactory, CollectiveFactory, square

pytestmark = pytest.mark.django_db
LIST = reverse("api-v1:area-list")
GEOJSON = reverse("api-v1:area-geojson")


def test_areas_count_only_published_collectives(api):
    area = AreaFactory(slug="keilekwartier", name="Keilekwartier", city="Rotterdam")
    CollectiveFactory(area=area)
    for status in Collective.Status.values:
        if status != Collective.Status.PUBLISHED:
            CollectiveFactory(area=area, status=status)
    AreaFactory(slug="leeg", name="Leeg gebied")
    data = api.get(LIST).json()
    rows = {row["slug"]: row for row in data["results"]}
    assert rows["keilekwartier"]["collective_count"] == 1
    assert rows["leeg"]["collective_count"] == 0
    assert set(rows["keilekwartier"]) == {
        "slug",
        "name",
        "city",
        "kind",
        "boundary_is_approximate",
        "description",
        "collective_count",
        "updated_at",
    }


def test_area_detail_by_slug(api):
    area = AreaFactory(slug="keilekwartier")
    CollectiveFactory(area=area)
    CollectiveFactory(area=area, status=Collective.Status.DRAFT)
    response = api.get(reverse("api-v1:area-detail", kwargs={"slug": "keilekwartier"}))
    assert response.status_code == 200
    assert response.json()["collective_count"] == 1
    missing = api.get(reverse("api-v1:area-detail", kwargs={"slug": "nergens"}))
    assert missing.status_code == 404


def test_areas_filter_by_city_and_kind(api):
    AreaFactory(slug="r", city="Rotterdam", kind="quarter")
    AreaFactory(slug="u", city="Utrecht", kind="quarter")
    AreaFactory(slug="u2", city="Utrecht", kind="district")
    data = api.get(LIST, {"city": "utrecht", "kind": "quarter"}).json()
    assert [row["slug"] for row in data["results"]] == ["u"]
    assert api.get(LIST, {"kind": "planet"}).status_code == 400


def test_area_geojson_has_outlines_only_for_areas_with_one(api):
    AreaFactory(slug="outlined", boundary=square(4.45, 51.91, half=0.0123456789))
    AreaFactory(slug="no-outline", boundary=None)
    response = api.get(GEOJSON)
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert data["license"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    (feature,) = data["features"]
    assert feature["properties"]["slug"] == "outlined"
    assert feature["geometry"]["type"] == "MultiPolygon"
    ring = feature["geometry"]["coordinates"][0][0]
    assert ring[0] == [4.437654, 51.897654]  # six decimals, from the database


@pytest.mark.parametrize("n", [2, 30])
@pytest.mark.parametrize("url", [LIST, GEOJSON])
def test_area_lists_cost_a_fixed_number_of_queries(api, max_queries, n, url):
    for _ in range(n):
        CollectiveFactory()  # an area each
    with max_queries(3):  # count, page, the content version it is cached under
        response = api.get(url)
    assert response.json()["count"] == n
