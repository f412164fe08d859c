"""The app served the production way: collectstatic with whitenoise's compressed
manifest storage, gunicorn with gunicorn.conf.py, DEBUG off, HTTPS behind a
TLS-terminating proxy, JSON logs on stderr, against the real PostGIS test database."""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).with_name("gunicorn")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


opener = urllib.request.build_opener(NoRedirect)


def fetch(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(**extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DEBUG", "HTTPS_ONLY", "LOG_FORMAT"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="atlas.example.nl,127.0.0.1",
        BEHIND_TLS_PROXY="true",
        DATABASE_URL="spatialite:///unused.sqlite3",
        MAP_TILES_URL="",
        GUNICORN_WORKERS="2",
    )
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    """collectstatic once for the module: hashed names, gzip (and brotli) copies."""
    root = tmp_path_factory.mktemp("static")
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=production_env(STATIC_ROOT=str(root)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert collect.returncode == 0, collect.stderr
    return root


@pytest.fixture
def production_server(six_cases_committed, static_root, tmp_path):
    db = connection.settings_dict
    env = production_env(
        DATABASE_URL=f"postgis://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        STATIC_ROOT=str(static_root),
    )
    port = _free_port()
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(GUNICORN), "-c", "gunicorn.conf.py", "config.wsgi"],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail("gunicorn stopped:\n" + log_path.read_text())
            try:
                fetch(base + "/healthz")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("gunicorn did not answer within 60 s")
                time.sleep(0.3)
        yield base, log_path
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@pytest.fixture
def six_cases_committed(transactional_db):
    from django.core.management import call_command

    call_command("loaddata", "reference", "six_cases", verbosity=0)


# What the reverse proxy adds to every request it forwards.
PROXY = {"Host": "atlas.example.nl", "X-Forwarded-Proto": "https"}


def test_pages_over_https_behind_the_proxy(production_server):
    base, _ = production_server
    status, headers, body = fetch(base + "/", **PROXY)
    assert status == 200
    assert "Keilepand" in body.decode()
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "script-src 'self';" in headers["Content-Security-Policy"] + ";"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_plain_http_is_redirected_but_the_health_check_is_not(production_server):
    base, _ = production_server
    status, headers, _ = fetch(base + "/", Host="atlas.example.nl")
    assert status == 301
    assert headers["Location"] == "https://atlas.example.nl/"
    status, _, body = fetch(base + "/healthz", Host="atlas.example.nl")
    assert status == 200
    assert json.loads(body) == {"status": "ok", "database": "ok"}


def test_static_files_are_hashed_compressed_and_cached_for_ever(production_server):
    base, _ = production_server
    _, _, body = fetch(base + "/", **PROXY)
    page = body.decode()
    start = page.index("/static/css/site.")
    css_url = page[start : page.index('"', start)]
    assert css_url != "/static/css/site.css"  # the manifest's hashed name
    status, headers, _ = fetch(base + css_url, **PROXY, **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]


def test_logs_are_json_lines_on_stderr(production_server):
    base, log_path = production_server
    fetch(base + "/collectieven/", **PROXY)
    time.sleep(0.5)
    entries = [
        json.loads(line) for line in log_path.read_text().splitlines() if line.strip()
    ]  # every line parses: nothing unstructured
    access = [e for e in entries if e["logger"] == "gunicorn.access"]
    assert any(
        e["path"] == "/collectieven/" and e["status"] == "200" for e in access
    ), access
