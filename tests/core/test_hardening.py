"""Holes an outside test found, each closed: escaped chart titles, a page cache
that neither mixes hosts nor grows with junk parameters, the same Vary on hits
as on misses, CORS on open data only, the language cookie's SameSite, and a
refusal to run without compiled translations."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from core.checks import compiled_catalogues
from core.middleware import is_open_data
from tests.factories import CollectiveFactory

ROOT = Path(settings.BASE_DIR)


@pytest.mark.django_db
def test_a_collectives_name_is_escaped_in_its_chart_titles(client):
    from tests.factories import AssessmentFactory, ValueReachFactory
    from valuefan.selectors import profile_readings

    collective = CollectiveFactory(name='<a href="https://evil.example">Klik</a>')
    ValueReachFactory(assessment=AssessmentFactory(collective=collective))
    figure = profile_readings(collective)["fan_figure"]
    assert "<a" not in figure["layout"]["title"]["text"]
    assert "&lt;a href=" in figure["layout"]["title"]["text"]


@pytest.mark.django_db
def test_the_page_cache_keeps_a_copy_per_host(client):
    CollectiveFactory()
    with override_settings(ALLOWED_HOSTS=["testserver", "other.example"]):
        first = client.get("/", HTTP_HOST="other.example")
        second = client.get("/", HTTP_HOST="testserver")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "miss"  # not the other host's copy


@pytest.mark.django_db
def test_junk_parameters_make_no_new_cached_copies(client):
    CollectiveFactory()
    client.get("/")
    keys_before = len(cache._cache)  # locmem in tests
    for n in range(5):
        response = client.get("/", {"junk": n})
        assert response.status_code == 200
        assert response.get("X-Page-Cache") is None  # rendered, not cached
    assert len(cache._cache) == keys_before
    assert client.get("/", {"q": "x"})["X-Page-Cache"] == "miss"  # a known one


@pytest.mark.django_db
def test_junk_parameters_share_the_map_datas_cached_copy(client):
    CollectiveFactory()
    url = reverse("api-v1:collectives-geojson")
    first = client.get(url, {"kind": "building"})
    again = client.get(url, {"kind": "building", "junk": "1"})
    assert first["ETag"] == again["ETag"]
    assert client.get(url, {"kind": "area"})["ETag"] != first["ETag"]


@pytest.mark.django_db
def test_a_cache_hit_varies_like_the_miss(client):
    CollectiveFactory()
    miss = client.get("/")
    hit = client.get("/")
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    vary = {v.strip() for v in miss["Vary"].split(",")}
    assert "Cookie" in vary
    assert {v.strip() for v in hit["Vary"].split(",")} >= vary


@pytest.mark.django_db
def test_open_data_answers_any_origin_and_forms_do_not(client):
    CollectiveFactory()
    for url in (
        "/api/v1/collectives/",
        reverse("api-v1:collectives-geojson"),
        reverse("collectives:list-export", args=["csv"]),
        reverse("areas:list-export", args=["xlsx"]),
    ):
        assert client.get(url)["Access-Control-Allow-Origin"] == "*", url
    for url in ("/", "/account/login/", reverse("contributions:register")):
        assert "Access-Control-Allow-Origin" not in client.get(url), url


def test_private_and_form_paths_are_never_open_data():
    assert is_open_data("/en/collectieven.csv")
    assert is_open_data("/api/v1/areas/")
    assert not is_open_data("/mijn/gegevens.json")
    assert not is_open_data("/mijn/x.csv")
    assert not is_open_data("/en/aanmelden/x.geojson")


def test_the_language_cookie_is_same_site():
    assert settings.LANGUAGE_COOKIE_SAMESITE == "Lax"


def test_stale_or_missing_translations_fail_the_check(tmp_path):
    messages = tmp_path / "nl" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text('msgid ""\nmsgstr ""\n')
    with override_settings(LOCALE_PATHS=[tmp_path]):
        (error,) = compiled_catalogues()
        assert error.id == "core.E001"
        (messages / "django.mo").write_bytes(b"")
        older = time.time() - 60
        os.utime(messages / "django.mo", (older, older))
        assert [e.id for e in compiled_catalogues()] == ["core.E001"]
        os.utime(messages / "django.mo")  # compiled after the .po
        assert compiled_catalogues() == []
    assert compiled_catalogues() == []  # the project's own catalogue is compiled


@pytest.mark.slow
def test_the_wsgi_application_refuses_to_load_without_compiled_translations(tmp_path):
    """gunicorn runs no checks: loading the WSGI module is where it must stop."""
    messages = tmp_path / "nl" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "django.po").write_text('msgid ""\nmsgstr ""\n')
    settings_file = tmp_path / "stale_settings.py"
    settings_file.write_text(
        "from config.settings_test import *  # noqa\n"
        f"LOCALE_PATHS = [{str(tmp_path)!r}]\n"
    )
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "stale_settings",
        "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "translations are not compiled" in result.stderr
