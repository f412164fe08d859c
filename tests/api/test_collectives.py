import pytest
from django.contrib.gis.geos import Point
from django.urls import reverse

from collectives.models import Collective
from tests.factories import (
    AreaFactory,
    AssessmentFactory,
    CollectiveFactory,
    LadderStepFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db
LIST = reverse("api-v1:collective-list")
GEOJSON = reverse("api-v1:collective-geojson")
UNPUBLISHED = [s for s in Collective.Status.values if s != Collective.Status.PUBLISHED]


def detail(slug: str) -> str:
    return reverse("api-v1:collective-detail", kwargs={"slug": slug})


def slugs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["slug"] for row in response.json()["results"]]


def test_list_shows_the_public_fields_of_a_collective(api):
    area = AreaFactory(name="Keilekwartier", slug="keilekwartier")
    collective = CollectiveFactory(
        name="Keilepand",
        slug="keilepand",
        area=area,
        address="Keileweg 10",
        postcode="3029 BS",
        location=Point(4.4312345678, 51.9056789012, srid=4326),
        location_precision="exact",
        entrepreneur_count=19,
        member_demonym="Keilers",
        floor_area_m2=1200,
        rent_eur_m2_year="42.50",
        website="https://keilepand.nl",
        operator=OrganisationFactory(name="Stichting Keilepand"),
    )
    AssessmentFactory(
        collective=collective,
        assessed_on="2024-05-01",
        ladder_step=LadderStepFactory(number=5),
        regie=4,
        samenwerking=5,
        directions=[3, 4],
    )
    (row,) = api.get(LIST).json()["results"]
    updated_at = row.pop("updated_at")
    assert updated_at.startswith(str(collective.updated_at.year))
    assert row == {
        "slug": "keilepand",
        "name": "Keilepand",
        "kind": "building",
        "city": "Rotterdam",
        "area": {"slug": "keilekwartier", "name": "Keilekwartier"},
        "address": "Keileweg 10",
        "postcode": "3029 BS",
        "location": {"type": "Point", "coordinates": [4.431235, 51.905679]},
        "location_precision": "exact",
        "founded_year": 2015,
        "entrepreneur_count": 19,
        "member_demonym": "Keilers",
        "tenure": "rented_temporary",
        "governance": "operator",
        "operator": "Stichting Keilepand",
        "floor_area_m2": 1200,
        "rent_eur_m2_year": 42.5,
        "website": "https://keilepand.nl",
        "current_step": 5,
        "current_regie": 4,
        "current_samenwerking": 5,
        "current_directions": ["socio_economic", "planning"],
        "reading_derived": False,
        "url": "http://testserver/collectieven/keilepand/",
    }


def test_a_collective_without_area_operator_or_assessment_has_nulls(api):
    CollectiveFactory(area=None, operator=None, rent_eur_m2_year=None)
    (row,) = api.get(LIST).json()["results"]
    assert row["area"] is None
    assert row["operator"] is None
    assert row["rent_eur_m2_year"] is None
    assert row["current_step"] is None


def test_profile_url_is_the_canonical_dutch_one_whatever_the_language(client):
    CollectiveFactory(slug="keilepand")
    (row,) = client.get(LIST, headers={"accept-language": "en"}).json()["results"]
    assert row["url"] == "http://testserver/collectieven/keilepand/"


def test_detail_adds_description_source_and_building(api):
    collective = CollectiveFactory(
        slug="keilepand",
        description="Een pand vol makers.",
        other_websites="https://a.example\n\nhttps://b.example\n",
        outdoor_area_m2=300,
    )
    response = api.get(detail("keilepand"))
    assert response.status_code == 200
    data = response.json()
    assert data["slug"] == "keilepand"
    assert data["description"] == "Een pand vol makers."
    assert data["other_websites"] == ["https://a.example", "https://b.example"]
    assert data["outdoor_area_m2"] == 300
    assert data["source"]["slug"] == collective.source.slug
    assert data["source"]["citation"] == collective.source.citation()
    assert data["location"]["type"] == "Point"


def test_unknown_collective_is_a_json_404(api):
    response = api.get(detail("bestaat-niet"))
    assert response.status_code == 404
    assert response.json() == {"detail": "No Collective matches the given query."}


@pytest.mark.parametrize("slug", ["with space", "x" * 300, "nul\x00byte", "ü"])
def test_a_lookup_that_cannot_be_a_slug_is_a_404(api, slug):
    response = api.get(LIST + slug.replace(" ", "%20") + "/")
    assert response.status_code == 404


@pytest.mark.parametrize("status", UNPUBLISHED)
def test_unpublished_collective_appears_nowhere(api, status):
    CollectiveFactory(slug="visible")
    hidden = CollectiveFactory(slug="hidden", status=status)
    AssessmentFactory(collective=hidden)
    assert slugs(api.get(LIST)) == ["visible"]
    assert api.get(detail("hidden")).status_code == 404
    features = api.get(GEOJSON).json()["features"]
    assert [f["properties"]["slug"] for f in features] == ["visible"]
    assert api.get(LIST, {"q": "hidden"}).json()["count"] == 0


def test_geojson_is_a_feature_collection_with_licence_members(api):
    CollectiveFactory(
        slug="keilepand", location=Point(4.123456789, 51.98765, srid=4326)
    )
    response = api.get(GEOJSON)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert data["count"] == 1
    assert data["license"]["name"] == "CC BY 4.0"
    assert "citation" in data
    (feature,) = data["features"]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [4.123457, 51.98765]}
    assert feature["properties"]["slug"] == "keilepand"
    assert "location" not in feature["properties"]


def test_geojson_takes_the_same_filters_as_the_list(api):
    CollectiveFactory(slug="rotterdam", city="Rotterdam")
    CollectiveFactory(slug="utrecht", city="Utrecht")
    features = api.get(GEOJSON, {"city": "utrecht"}).json()["features"]
    assert [f["properties"]["slug"] for f in features] == ["utrecht"]
    assert api.get(GEOJSON, {"step": "abc"}).status_code == 400


def test_format_geojson_selects_the_geojson_renderer(api):
    CollectiveFactory()
    response = api.get(GEOJSON, {"format": "json"})
    assert response["Content-Type"] == "application/json"
    assert response.json()["type"] == "FeatureCollection"


def test_the_map_routes_keep_their_priority_and_behaviour(api):
    from django.urls import resolve

    from api import feeds as views

    CollectiveFactory(slug="keilepand")
    assert reverse("api-v1:collectives-geojson") == "/api/v1/collectives.geojson"
    assert resolve("/api/v1/collectives.geojson").func is views.collectives_geojson_view
    assert resolve("/api/v1/areas.geojson").func is views.areas_geojson_view
    response = api.get("/api/v1/collectives.geojson")
    assert response["Content-Type"] == "application/geo+json"
    assert "count" not in response.json()


# Filters


def test_filters_by_city_any_case(api):
    CollectiveFactory(slug="r", city="Rotterdam")
    CollectiveFactory(slug="u", city="Utrecht")
    assert slugs(api.get(LIST, {"city": "UTRECHT"})) == ["u"]


def test_filters_by_area_kind_governance_and_tenure(api):
    area = AreaFactory(slug="schiemond")
    CollectiveFactory(
        slug="match", area=area, kind="area", governance="cooperative", tenure="owned"
    )
    CollectiveFactory(slug="other-area", kind="area", governance="cooperative")
    CollectiveFactory(slug="other-kind", area=area, governance="cooperative")
    CollectiveFactory(slug="other-tenure", area=area, kind="area", tenure="varies")
    params = {
        "area": "schiemond",
        "kind": "area",
        "governance": "cooperative",
        "tenure": "owned",
    }
    assert slugs(api.get(LIST, params)) == ["match"]


def test_filters_by_current_ladder_step(api):
    old_five = CollectiveFactory(slug="was-five-now-three")
    AssessmentFactory(
        collective=old_five, assessed_on="2020-01-01", ladder_step=LadderStepFactory()
    )
    AssessmentFactory(
        collective=old_five,
        assessed_on="2024-01-01",
        ladder_step=LadderStepFactory(number=3),
    )
    five = CollectiveFactory(slug="five")
    AssessmentFactory(collective=five, ladder_step=LadderStepFactory(number=5))
    hidden_five = CollectiveFactory(slug="non-public-five")
    AssessmentFactory(
        collective=hidden_five, ladder_step=LadderStepFactory(number=5), is_public=False
    )
    CollectiveFactory(slug="unassessed")
    assert slugs(api.get(LIST, {"step": "5"})) == ["five"]
    assert slugs(api.get(LIST, {"step": "3"})) == ["was-five-now-three"]
    assert slugs(api.get(LIST, {"step": "7"})) == []


def test_filters_by_bounding_box_edges_included(api):
    CollectiveFactory(slug="rotterdam", location=Point(4.48, 51.92, srid=4326))
    CollectiveFactory(slug="utrecht", location=Point(5.12, 52.09, srid=4326))
    CollectiveFactory(slug="on-edge", location=Point(4.5, 51.9, srid=4326))
    in_box = sorted(slugs(api.get(LIST, {"bbox": "4.4,51.8,4.5,52.0"})))
    assert in_box == ["on-edge", "rotterdam"]
    assert slugs(api.get(LIST, {"bbox": " 5 , 52 , 5.2 , 52.2 "})) == ["utrecht"]
    assert len(slugs(api.get(LIST, {"bbox": "-180,-90,180,90"}))) == 3


def test_search_looks_in_name_members_and_description(api):
    CollectiveFactory(slug="keilepand", name="Keilepand", member_demonym="Keilers")
    CollectiveFactory(slug="kroon", name="De Kroon", description="Een werkplaats")
    assert slugs(api.get(LIST, {"q": "keilers"})) == ["keilepand"]
    assert slugs(api.get(LIST, {"q": "kroon werkplaats"})) == ["kroon"]


def test_ordering_sorts_unknown_values_last_and_breaks_ties_by_name(api):
    CollectiveFactory(slug="b", name="B", founded_year=2010)
    CollectiveFactory(slug="a", name="A", founded_year=2010)
    CollectiveFactory(slug="unknown", name="C", founded_year=None)
    CollectiveFactory(slug="old", name="D", founded_year=1990)
    assert slugs(api.get(LIST)) == ["a", "b", "unknown", "old"]
    assert slugs(api.get(LIST, {"ordering": "founded_year"})) == [
        "old",
        "a",
        "b",
        "unknown",
    ]
    assert slugs(api.get(LIST, {"ordering": "-founded_year"})) == [
        "a",
        "b",
        "old",
        "unknown",
    ]


def test_pages_follow_page_size(api):
    for n in range(5):
        CollectiveFactory(slug=f"c{n}", name=f"C{n}")
    first = api.get(LIST, {"page_size": "2"}).json()
    assert first["count"] == 5
    assert [r["slug"] for r in first["results"]] == ["c0", "c1"]
    assert first["previous"] is None
    third = api.get(first["next"].replace("http://testserver", "")).json()
    third = api.get(third["next"].replace("http://testserver", "")).json()
    assert [r["slug"] for r in third["results"]] == ["c4"]
    assert third["next"] is None


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"area": "bestaat-niet"}, {"area": ["Unknown area."]}),
        ({"area": "nul\x00byte"}, {"area": ["Unknown area."]}),
        ({"step": "abc"}, {"step": ["Enter a whole number."]}),
        ({"step": "2.5"}, {"step": ["Enter a whole number."]}),
        ({"step": "8"}, {"step": ["Ensure this value is less than or equal to 7."]}),
        ({"step": "0"}, {"step": ["Ensure this value is greater than or equal to 1."]}),
        (
            {"kind": "castle"},
            {
                "kind": [
                    "Select a valid choice. castle is not one of the available choices."
                ]
            },
        ),
        ({"ordering": "password"}, "ordering"),
        ({"ordering": "name,-secret"}, "ordering"),
        ({"governance": "anarchy"}, "governance"),
        ({"tenure": "squatted"}, "tenure"),
        ({"q": "x" * 101}, "q"),
        ({"q": "nul\x00byte"}, {"q": ["Null characters are not allowed."]}),
        ({"city": "nul\x00byte"}, {"city": ["Null characters are not allowed."]}),
        ({"page_size": "abc"}, {"page_size": ["Give a whole number from 1 to 500."]}),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "501"}, "page_size"),
        ({"page_size": "-1"}, "page_size"),
        ({"page_size": "1e3"}, "page_size"),
    ],
)
def test_bad_parameter_is_a_400_with_a_reason(api, params, reason):
    response = api.get(LIST, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    if isinstance(reason, dict):
        assert response.json() == reason
    else:
        assert list(response.json()) == [reason]


BBOX_FORMAT = "Give four numbers separated by commas: minLon,minLat,maxLon,maxLat."
BBOX_LON = "Longitudes must lie between -180 and 180, the minimum below the maximum."
BBOX_LAT = "Latitudes must lie between -90 and 90, the minimum below the maximum."


@pytest.mark.parametrize(
    ("bbox", "reason"),
    [
        ("4.4,51.8,4.5", BBOX_FORMAT),
        ("4.4,51.8,4.5,52.0,1", BBOX_FORMAT),
        ("a,b,c,d", BBOX_FORMAT),
        ("nan,51.8,4.5,52", BBOX_FORMAT),
        ("4.4,51.8,inf,52", BBOX_FORMAT),
        ("POLYGON((0 0,1 0,1 1,0 0))", BBOX_FORMAT),
        ("SRID=4326;POINT(1 1),2,3", BBOX_FORMAT),
        ("1," * 200 + "1", BBOX_FORMAT),
        ("4.5,51.8,4.4,52.0", BBOX_LON),
        ("4.4,51.8,4.4,52.0", BBOX_LON),
        ("-181,51.8,4.4,52.0", BBOX_LON),
        ("4.4,52.0,4.5,51.8", BBOX_LAT),
        ("4.4,-91,4.5,51.8", BBOX_LAT),
    ],
)
def test_bad_bbox_is_a_400_with_a_reason(api, bbox, reason):
    response = api.get(LIST, {"bbox": bbox})
    assert response.status_code == 400
    assert response.json() == {"bbox": [reason]}


@pytest.mark.parametrize("page", ["2", "abc", "0", "-1", "99999999999999999999"])
def test_page_out_of_range_is_a_json_404(api, page):
    CollectiveFactory()
    response = api.get(LIST, {"page": page})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid page."}


# Query budgets: the count of queries does not depend on the number of rows.


def _collectives(n: int) -> None:
    area = AreaFactory(slug="het-gebied")
    step = LadderStepFactory(number=4)
    for i in range(n):
        collective = CollectiveFactory(area=area if i % 2 else AreaFactory())
        AssessmentFactory(collective=collective, ladder_step=step)
        AssessmentFactory(collective=collective, ladder_step=None, regie=2)


@pytest.mark.parametrize("n", [2, 30])
@pytest.mark.parametrize(
    ("url", "params", "budget"),
    [
        # count, page, the content version the response is cached under
        (LIST, {}, 3),
        (LIST, {"area": "het-gebied", "step": "4", "bbox": "0,0,10,60"}, 4),  # + area
        (GEOJSON, {}, 3),
    ],
)
def test_collective_lists_cost_a_fixed_number_of_queries(
    api, max_queries, n, url, params, budget
):
    _collectives(n)
    with max_queries(budget):
        response = api.get(url, params)
    assert response.status_code == 200
    assert response.json()["count"] >= n // 2


def test_detail_costs_two_queries_whatever_its_instruments(api, max_queries):
    # The collective (with its readings), then the instruments it uses; and the
    # content version the response is cached under.
    from collectives.models import CollectiveInstrument, Instrument

    collective = CollectiveFactory(slug="keilepand")
    with max_queries(3):
        assert api.get(detail("keilepand")).status_code == 200
    for n in range(4):
        CollectiveInstrument.objects.create(
            collective=collective,
            instrument=Instrument.objects.create(slug=f"i{n}", name_nl=f"I{n}"),
            use="considered",
            evidence="‘zo’",
        )
    with max_queries(3):
        body = api.get(detail("keilepand")).json()
    assert [i["instrument"] for i in body["instruments"]] == ["i0", "i1", "i2", "i3"]
    assert body["instruments"][0] | {"name": ""} == {
        "instrument": "i0",
        "name": "",
        "named_as": "cooperation",
        "use": "considered",
        "evidence": "‘zo’",
        "source": None,
    }


@pytest.mark.parametrize(
    "path",
    ["/api/v1/nothing-here/", "/api/v1/collectives/with.dot/", "/api/v1/a/b/c/"],
)
def test_any_other_api_path_is_a_json_404(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert response["Link"].endswith('rel="license"')


def test_a_path_without_its_slash_is_redirected(api):
    response = api.get("/api/v1/collectives")
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/collectives/"
