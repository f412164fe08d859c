"""The README's quick-start command, run for real: SpatiaLite, migrated, the six
cases loaded, served by runserver. No PostGIS involved."""

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
        return response.status, response.read()


@pytest.fixture
def quickstart_server(tmp_path):
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY", "DEBUG"}
    }
    env["DATABASE_URL"] = f"spatialite:///{tmp_path / 'quickstart.sqlite3'}"
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "run"), f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(
                    "scripts/run stopped:\n" + (tmp_path / "server.log").read_text()
                )
            try:
                _get(base + "/")
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("scripts/run did not serve / within 180 s")
                time.sleep(0.5)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
        log.close()


def test_quickstart_migrates_loads_the_six_cases_and_serves_the_map(
    quickstart_server,
):
    status, body = _get(quickstart_server + "/")
    assert status == 200
    page = body.decode()
    assert 'id="collectives-map"' in page
    for name in ("Keilepand", "Keilewerf", "De Kroon", "Hillevliet"):
        assert name in page
    status, body = _get(quickstart_server + "/api/v1/collectives.geojson")
    slugs = {f["properties"]["slug"] for f in json.loads(body)["features"]}
    assert slugs == {
        "keilepand",
        "keilewerf",
        "de-kroon",
        "hillevliet",
        "hof-van-cartesius",
        "werkspoorkwartier",
    }
    for path in (
        "/collectieven/keilepand/",
        "/participatieladder/",
        "/casussen/",
        "/gebieden/keilekwartier/",
        "/vergelijk/?c=keilepand&c=de-kroon",
    ):
        status, _ = _get(quickstart_server + path)
        assert status == 200, path
