"""The API's lists and details are cached per content version like the pages
(core/pagecache.py): served before any session or database work, with an ETag
that answers a repeat visit with 304, one copy per language, format and known
query, and a new copy as soon as the data changes."""

import pytest
from django.test import override_settings

from core import content_version
from tests.factories import AssessmentFactory, CollectiveFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/collectives/"


@pytest.fixture
def collectives():
    for slug in ("keilepand", "keilewerf"):
        AssessmentFactory(collective=CollectiveFactory(slug=slug, name=slug.title()))


@pytest.mark.parametrize(
    "url",
    [
        LIST,
        "/api/v1/collectives/keilepand/",
        "/api/v1/collectives/geojson/",
        "/api/v1/assessments/",
        "/api/v1/ladder-positions/",
        "/api/v1/areas/",
        "/api/v1/value-themes/",
    ],
)
def test_a_repeat_request_is_a_hit_that_asks_the_database_nothing(
    client, collectives, django_assert_num_queries, url
):
    first = client.get(url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with (
        override_settings(CONTENT_VERSION_RECHECK_SECONDS=60),
        django_assert_num_queries(0),
    ):
        content_version.recent()  # this worker's reading is fresh
        second = client.get(url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    for header in ("Content-Type", "Content-Language", "Vary", "Link", "ETag"):
        assert second[header] == first[header], header
    assert second["Access-Control-Allow-Origin"] == "*"


def test_a_revalidation_with_the_etag_is_a_304_without_a_body(client, collectives):
    etag = client.get(LIST)["ETag"]
    again = client.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert "Accept-Language" in again["Vary"]
    assert client.get(LIST, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_change_of_data_makes_a_new_copy_and_a_new_etag(client, collectives):
    before = client.get(LIST)
    assert before.json()["count"] == 2
    CollectiveFactory(slug="de-kroon")  # bumps the content version
    after = client.get(LIST, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["X-Page-Cache"] == "miss"
    assert after.json()["count"] == 3
    assert after["ETag"] != before["ETag"]


def test_each_language_and_format_has_its_own_copy(client, collectives):
    dutch = client.get(LIST, HTTP_ACCEPT_LANGUAGE="nl")
    english = client.get(LIST, HTTP_ACCEPT_LANGUAGE="en")
    assert english["X-Page-Cache"] == "miss"
    assert (dutch["Content-Language"], english["Content-Language"]) == ("nl", "en")
    assert dutch["ETag"] != english["ETag"]
    assert "Licentie" in dutch.json()["citation"]
    assert "Licence" in english.json()["citation"]
    html = client.get(LIST, HTTP_ACCEPT="text/html")
    assert html["Content-Type"].startswith("text/html")
    assert client.get(LIST, HTTP_ACCEPT="application/json")["Content-Type"] == (
        "application/json"
    )


def test_only_known_parameters_make_a_copy(client, collectives):
    assert client.get(LIST, {"city": "Rotterdam"})["X-Page-Cache"] == "miss"
    assert client.get(LIST, {"city": "Rotterdam"})["X-Page-Cache"] == "hit"
    for _ in range(2):
        response = client.get(LIST, {"junk": "1"})
        assert "X-Page-Cache" not in response


def test_errors_are_not_cached(client, collectives):
    for _ in range(2):
        response = client.get(LIST, {"page_size": "0"})
        assert response.status_code == 400
        assert "X-Page-Cache" not in response
    for _ in range(2):
        assert "X-Page-Cache" not in client.get("/api/v1/collectives/nobody/")


def test_pages_carry_an_etag_too(client, collectives):
    etag = client.get("/")["ETag"]
    assert client.get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304
