"""The anonymous page cache (core/pagecache.py) and the content version it is
keyed by (core/content_version.py): a second visit is served without
rendering, and any change to public data shows at once."""

import json

import pytest
from django.core.management import call_command
from django.test import Client

from collectives.models import Area, Collective, RoleCount
from core import content_version

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    return Client()


def visit(client, path="/collectieven/"):
    response = client.get(path)
    assert response.status_code == 200
    return response


def test_a_second_anonymous_visit_is_served_from_the_cache(
    anonymous, django_assert_max_num_queries
):
    factories.CollectiveFactory(name="Eerste Pand")
    first = visit(anonymous)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_max_num_queries(1):  # only the content version
        second = visit(anonymous)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    # The security headers come with every response, cached or not.
    assert "script-src 'self'" in second["Content-Security-Policy"]


def test_a_change_shows_at_once(anonymous):
    collective = factories.CollectiveFactory(name="Oude Naam")
    assert "Oude Naam" in visit(anonymous).content.decode()
    collective.name = "Nieuwe Naam"
    collective.save()
    response = visit(anonymous)
    assert response["X-Page-Cache"] == "miss"
    assert "Nieuwe Naam" in response.content.decode()


def test_a_change_to_related_data_shows_at_once(anonymous):
    collective = factories.CollectiveFactory(slug="pand")
    factories.RoleCountFactory(collective=collective, role=1, count_min=3, count_max=3)
    path = "/collectieven/pand/"
    visit(anonymous, path)
    assert visit(anonymous, path)["X-Page-Cache"] == "hit"
    RoleCount.objects.filter(collective=collective).update(count_min=2)  # no signal
    assert visit(anonymous, path)["X-Page-Cache"] == "hit"  # (bulk: see below)
    role = RoleCount.objects.get(collective=collective)
    role.count_max = 5
    role.save()
    assert visit(anonymous, path)["X-Page-Cache"] == "miss"
    factories.AssessmentFactory(collective=collective)
    assert visit(anonymous, path)["X-Page-Cache"] == "miss"
    RoleCount.objects.filter(collective=collective).delete()
    assert visit(anonymous, path)["X-Page-Cache"] == "miss"


def test_loading_fixtures_and_importing_areas_change_the_version(tmp_path):
    before = content_version.current()
    call_command("loaddata", "reference", verbosity=0)
    after_loaddata = content_version.current()
    assert after_loaddata > before
    area = {
        "type": "Feature",
        "properties": {"name": "Testbuurt", "city": "Rotterdam"},
        "geometry": {
            "type": "Polygon",
            "coordinates": [
                [
                    [4.47, 51.90],
                    [4.49, 51.90],
                    [4.49, 51.92],
                    [4.47, 51.92],
                    [4.47, 51.90],
                ]
            ],
        },
    }
    source = tmp_path / "areas.geojson"
    source.write_text(json.dumps({"type": "FeatureCollection", "features": [area]}))
    call_command(
        "import_areas",
        str(source),
        "--name-field",
        "name",
        "--city-field",
        "city",
        verbosity=0,
    )
    assert Area.objects.filter(name="Testbuurt").exists()
    assert content_version.current() > after_loaddata


def test_each_language_and_query_has_its_own_copy(anonymous):
    factories.CollectiveFactory(name="Pand", city="Rotterdam")
    factories.CollectiveFactory(name="Hal", city="Utrecht")
    dutch = visit(anonymous, "/collectieven/")
    english = visit(anonymous, "/en/collectieven/")
    assert dutch.content != english.content
    assert english["Content-Language"] == "en"
    assert visit(anonymous, "/en/collectieven/")["X-Page-Cache"] == "hit"
    utrecht = visit(anonymous, "/collectieven/?city=Utrecht").content.decode()
    assert "Hal" in utrecht and ">Pand<" not in utrecht


def test_logged_in_visitors_see_live_pages(client):
    user = factories.CollectiveFactory().owners.model.objects.create_user(
        "lid", "lid@example.nl", "een-lang-wachtwoord-1"
    )
    client.force_login(user)
    visit(client)
    response = visit(client)
    assert "X-Page-Cache" not in response  # neither stored nor served


def test_pages_with_a_form_token_are_not_stored(anonymous):
    # The registration page carries a CSRF token: never cached, never shared.
    visit(anonymous, "/account/login/")
    assert "X-Page-Cache" not in visit(anonymous, "/account/login/")


def test_only_published_data_and_no_errors_are_cached(anonymous):
    assert anonymous.get("/collectieven/bestaat-niet/").status_code == 404
    factories.CollectiveFactory(slug="bestaat-niet")
    assert visit(anonymous, "/collectieven/bestaat-niet/")["X-Page-Cache"] == "miss"


def test_the_version_is_one_row_that_only_goes_up():
    from django.db import IntegrityError, transaction

    from core.models import ContentVersion

    start = content_version.current()
    Collective.objects.count()  # reading changes nothing
    assert content_version.current() == start
    factories.AreaFactory()
    assert content_version.current() == start + 1
    with pytest.raises(IntegrityError), transaction.atomic():
        ContentVersion.objects.create(pk=2)
