"""/healthz, and what users get while PostgreSQL is unreachable.

The outage is real, not mocked: the connection is pointed at a port where no
server listens, so psycopg fails the way it does when PostgreSQL is down; then it
is pointed back and the next request must work again without a restart.
"""

import socket
from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import Client

from collectives.models import Collective

from . import factories


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # free once the socket closes: nobody listens


@contextmanager
def database_down():
    settings_dict = connection.settings_dict
    host, port = settings_dict["HOST"], settings_dict["PORT"]
    connection.close()
    settings_dict["HOST"], settings_dict["PORT"] = "127.0.0.1", _closed_port()
    try:
        yield
    finally:
        connection.close()
        settings_dict["HOST"], settings_dict["PORT"] = host, port


@pytest.fixture
def client():
    # Like a browser: the response the user would get, not the exception.
    return Client(raise_request_exception=False)


def test_healthz_reports_a_reachable_database(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_an_unreachable_database(transactional_db, client):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/", "De Collectievenatlas is tijdelijk niet beschikbaar"),
        ("/collectieven/", "De Collectievenatlas is tijdelijk niet beschikbaar"),
        ("/en/", "The Collectievenatlas is temporarily unavailable"),
    ],
)
def test_pages_answer_a_friendly_translated_503(transactional_db, client, path, text):
    with database_down():
        response = client.get(path)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert text in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert "connection" not in body.lower()  # no driver message leaks out


def test_the_api_answers_503_in_json(transactional_db, client):
    with database_down():
        response = client.get("/api/v1/collectives/")
    assert response.status_code == 503
    assert "tijdelijk niet beschikbaar" in response.json()["detail"]


def test_other_errors_stay_a_500(transactional_db, client, monkeypatch):
    # A bug is not an outage: no Retry-After, the generic error page.
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("collectives.views.listing._map_config", broken)
    response = client.get("/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "a bug" not in response.content.decode()


def test_the_app_recovers_by_itself_when_the_database_returns(transactional_db, client):
    factories.CollectiveFactory(name="Blijft Staan", slug="blijft-staan")
    with database_down():
        assert client.get("/").status_code == 503
        posted = client.post("/account/login/", {"login": "a@b.nl", "password": "x"})
        assert posted.status_code == 503
    response = client.get("/")
    assert response.status_code == 200
    assert "Blijft Staan" in response.content.decode()
    assert client.get("/healthz").status_code == 200
    assert Collective.objects.filter(slug="blijft-staan").exists()


def test_an_outage_logs_one_short_warning_per_request(transactional_db, client, caplog):
    with database_down():
        client.get("/collectieven/")
        client.get("/healthz")
    from config.logging import DatabaseOutageFilter

    outage = DatabaseOutageFilter()
    lines = [r for r in caplog.records if outage.filter(r)]
    request_lines = [r for r in lines if r.name == "django.request"]
    assert [(r.levelname, r.getMessage()) for r in request_lines] == [
        ("WARNING", "Database unavailable, answered 503: /collectieven/")
    ]
    assert not any(r.exc_info for r in request_lines)
    assert any(r.name == "config.views" and "healthz" in r.getMessage() for r in lines)
