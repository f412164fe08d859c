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


@pytest.fixture
def recheck_every_minute(settings, monkeypatch):
    """A worker that re-reads the content version once a minute, with a clock the
    test moves."""
    settings.CONTENT_VERSION_RECHECK_SECONDS = 60
    now = [1000.0]
    monkeypatch.setattr(content_version, "_clock", lambda: now[0])
    content_version.forget()
    yield now
    content_version.forget()


def test_a_hit_asks_the_database_nothing_and_runs_no_session_or_user_code(
    anonymous, recheck_every_minute, django_assert_num_queries
):
    factories.CollectiveFactory()
    visit(anonymous)
    with django_assert_num_queries(0):
        hit = visit(anonymous)
    assert hit["X-Page-Cache"] == "hit"
    request = hit.wsgi_request
    assert not hasattr(request, "session") and not hasattr(request, "user")
    # ... and still answers with the page's own headers.
    assert "script-src 'self'" in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"
    assert hit["Content-Language"] == "nl"


def test_another_workers_change_shows_within_the_recheck_interval(
    anonymous, recheck_every_minute
):
    from django.db.models import F

    from core.models import ContentVersion

    collective = factories.CollectiveFactory(name="Oude Naam")
    visit(anonymous)
    # Another worker changes the data: its version goes up, this worker's
    # reading is not told.
    Collective.objects.filter(pk=collective.pk).update(name="Nieuwe Naam")
    ContentVersion.objects.filter(pk=1).update(version=F("version") + 1)
    recheck_every_minute[0] += 59
    assert "Oude Naam" in visit(anonymous).content.decode()  # within the bound
    recheck_every_minute[0] += 2
    fresh = visit(anonymous)
    assert fresh["X-Page-Cache"] == "miss"
    assert "Nieuwe Naam" in fresh.content.decode()


def test_cached_pages_stay_readable_while_the_database_is_away(
    anonymous, recheck_every_minute, monkeypatch
):
    from django.db import OperationalError

    factories.CollectiveFactory(name="Het Pand")
    assert "read-only" not in visit(anonymous, "/en/collectieven/").content.decode()

    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(content_version, "current", unreachable)
    recheck_every_minute[0] += 61
    page = visit(anonymous, "/en/collectieven/")
    assert page["X-Page-Cache"] == "hit"
    body = page.content.decode()
    assert "Het Pand" in body
    assert "The atlas is read-only for a moment" in body


def test_a_dropped_connection_counts_as_the_database_being_away(
    anonymous, recheck_every_minute, monkeypatch
):
    from django.db import InterfaceError

    factories.CollectiveFactory(name="Het Pand")
    visit(anonymous)

    def dropped():
        raise InterfaceError("connection already closed")

    monkeypatch.setattr(content_version, "current", dropped)
    recheck_every_minute[0] += 61
    assert visit(anonymous)["X-Page-Cache"] == "hit"
    assert content_version.database_unreachable()


def test_the_map_data_stays_available_while_the_database_is_away(
    anonymous, recheck_every_minute, monkeypatch
):
    from django.db import OperationalError

    factories.CollectiveFactory(name="Het Pand")
    first = anonymous.get("/api/v1/collectives.geojson")

    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(content_version, "current", unreachable)
    recheck_every_minute[0] += 61
    again = anonymous.get("/api/v1/collectives.geojson")
    assert again.status_code == 200
    assert again.content == first.content


def test_during_an_outage_the_newest_copy_serves_whatever_its_version(
    anonymous, recheck_every_minute, monkeypatch
):
    """Writes just before the outage may have moved the version past the last
    copy: the newest copy of the page is served all the same."""
    from django.db import OperationalError
    from django.db.models import F

    from core.models import ContentVersion

    factories.CollectiveFactory(name="Het Pand")
    visit(anonymous)
    ContentVersion.objects.filter(pk=1).update(version=F("version") + 1)
    content_version.forget()
    content_version.recent()  # this worker read the new version, no copy for it

    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(content_version, "current", unreachable)
    recheck_every_minute[0] += 61
    page = visit(anonymous)
    assert page["X-Page-Cache"] == "hit"
    assert "Het Pand" in page.content.decode()
