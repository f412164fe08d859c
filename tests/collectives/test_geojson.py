import json

import pytest
from django.urls import reverse

from collectives.models import Collective
from tests.factories import AreaFactory, CollectiveFactory

pytestmark = pytest.mark.django_db
URL = reverse("api-v1:collectives-geojson")


def test_geojson_lists_published_collectives_with_map_properties(client):
    area = AreaFactory(name="Keilekwartier", slug="keilekwartier")
    CollectiveFactory(
        name="Keilepand", slug="keilepand", area=area, entrepreneur_count=19
    )
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    (feature,) = data["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [4.45, 51.91]}
    assert feature["properties"] == {
        "slug": "keilepand",
        "name": "Keilepand",
        "city": "Rotterdam",
        "area": "Keilekwartier",
        "area_slug": "keilekwartier",
        "kind": "building",
        "url": "/collectieven/keilepand/",
        "entrepreneur_count": 19,
        "approximate": True,
        "tenure": "rented_temporary",
        "ladder_step": None,
        "regie": None,
        "samenwerking": None,
        "reading_derived": None,
    }


@pytest.mark.parametrize(
    "status",
    [s for s in Collective.Status.values if s != Collective.Status.PUBLISHED],
)
def test_unpublished_collective_is_not_in_geojson(client, status):
    CollectiveFactory(slug="visible")
    CollectiveFactory(slug="hidden", status=status)
    slugs = [f["properties"]["slug"] for f in client.get(URL).json()["features"]]
    assert slugs == ["visible"]


def test_coordinates_are_rounded_to_six_decimals(client):
    from django.contrib.gis.geos import Point

    CollectiveFactory(location=Point(4.123456789, 51.987654321, srid=4326))
    (feature,) = client.get(URL).json()["features"]
    assert feature["geometry"]["coordinates"] == [4.123457, 51.987654]


def test_geojson_applies_the_same_filters_as_the_map(client):
    CollectiveFactory(slug="rotterdam", city="Rotterdam", kind="building")
    CollectiveFactory(slug="utrecht", city="Utrecht", kind="area")
    data = client.get(URL, {"city": "Utrecht"}).json()
    assert [f["properties"]["slug"] for f in data["features"]] == ["utrecht"]
    data = client.get(URL, {"kind": "building"}).json()
    assert [f["properties"]["slug"] for f in data["features"]] == ["rotterdam"]


def test_bad_filter_is_a_400_with_a_reason(client):
    response = client.get(URL, {"kind": "castle"})
    assert response.status_code == 400
    assert "kind" in response.json()["errors"]


def test_user_text_is_json_escaped_not_html(client):
    CollectiveFactory(name='<script>alert("x")</script> & co')
    (feature,) = client.get(URL).json()["features"]
    assert feature["properties"]["name"] == '<script>alert("x")</script> & co'


def test_geojson_query_count_does_not_grow(client, max_queries):
    CollectiveFactory.create_batch(2)
    with max_queries(3):  # data version (2) + features (1)
        client.get(URL)
    CollectiveFactory.create_batch(30)
    with max_queries(3):
        assert len(client.get(URL, {"q": "Collectief"}).json()["features"]) == 32


def test_geojson_is_cacheable_and_revalidates(client, max_queries):
    CollectiveFactory()
    first = client.get(URL)
    assert "max-age=" in first["Cache-Control"]
    assert "public" in first["Cache-Control"]
    with max_queries(2):  # the data version only: the body comes from the cache
        again = client.get(URL)
    assert again.content == first.content
    not_modified = client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304


def test_saving_a_collective_refreshes_the_cached_geojson(client):
    collective = CollectiveFactory(name="Oude naam")
    client.get(URL)
    collective.name = "Nieuwe naam"
    collective.save()
    (feature,) = client.get(URL).json()["features"]
    assert feature["properties"]["name"] == "Nieuwe naam"


def test_areas_geojson_has_outlines_flagged_approximate(client):
    AreaFactory(slug="keilekwartier", boundary_is_approximate=True)
    AreaFactory(slug="no-outline", boundary=None)
    data = client.get(reverse("api-v1:areas-geojson")).json()
    (feature,) = data["features"]
    assert feature["geometry"]["type"] == "MultiPolygon"
    assert feature["properties"]["slug"] == "keilekwartier"
    assert feature["properties"]["approximate"] is True


def test_areas_geojson_rejects_unknown_parameters(client):
    response = client.get(reverse("api-v1:areas-geojson"), {"bbox": "1,2,3"})
    assert response.status_code == 400
    assert "bbox" in response.json()["detail"]


def test_map_geojson_states_the_licence(client):
    response = client.get(URL)
    assert 'rel="license"' in response["Link"]


def test_the_database_writes_the_same_geojson_as_python(six_cases, monkeypatch):
    # PostgreSQL assembles the FeatureCollection itself; SpatiaLite falls back to
    # Python. Both must give the very same bytes.
    from django.db import connection

    from collectives.geojson import areas_geojson, collectives_geojson
    from collectives.models import Area, Collective

    Collective.objects.filter(slug="keilewerf").update(entrepreneur_count=None)
    Collective.objects.filter(slug="keilepand").update(name='Keile "pand" \\ ’t')
    queries = [
        (collectives_geojson, Collective.objects.published()),
        (areas_geojson, Area.objects.all()),
    ]
    in_database = [build(qs) for build, qs in queries]
    monkeypatch.setattr(connection, "vendor", "sqlite")
    in_python = [build(qs) for build, qs in queries]
    assert in_database == in_python
    features = json.loads(in_database[0])["features"]
    assert len(features) == 6
    assert features[0]["properties"]["name"] == "De Kroon"  # ordered by name
