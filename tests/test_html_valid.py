"""Every public page, in Dutch and in English, is valid HTML by the Nu HTML
Checker (the vnu-jar npm package, run with Debian's Java; scripts/install puts
both in place). Pages are rendered by the test client from the six cases."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import SIX_CASE_SLUGS

VNU = (
    Path(settings.BASE_DIR)
    / "frontend"
    / "htmlcheck"
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)
PAGES = [
    "/",
    "/collectieven/",
    "/collectieven/?city=Rotterdam&sort=-founded",
    *(f"/collectieven/{slug}/" for slug in SIX_CASE_SLUGS),
    "/casussen/",
    "/participatieladder/",
    "/vergelijk/",
    "/vergelijk/?c=keilepand&c=hof-van-cartesius&c=de-kroon",
    "/gebieden/",
    "/gebieden/keilekwartier/",
    "/gebieden/vergelijk/?a=keilekwartier&a=werkspoorkwartier",
    "/account/login/",
    "/account/signup/",
    "/account/password/reset/",
]

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture
def rendered(client, six_cases, tmp_path):
    """Each page in both languages, saved as a file for the checker."""
    files = {}
    for language in ("", "/en"):
        for page in PAGES:
            url = language + page
            response = client.get(url)
            assert response.status_code == 200, url
            name = f"page-{len(files):03d}.html"
            (tmp_path / name).write_bytes(response.content)
            files[str(tmp_path / name)] = url
    return files


def _path(url: str) -> str:
    """vnu reports `file:/tmp/…`: the file's path."""
    return url.removeprefix("file:").replace("///", "/")


def test_every_public_page_is_valid_html(rendered):
    java = shutil.which("java")
    assert java, "Java is missing: run scripts/install"
    assert VNU.exists(), "vnu.jar is missing: run scripts/install"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *rendered],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{rendered.get(_path(m.get('url', '')), m.get('url'))}"
        f":{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == [], "\n".join(errors)
    assert len(rendered) == 2 * len(PAGES)


def test_the_checker_finds_errors(tmp_path):
    """So a clean report above means something."""
    broken = tmp_path / "broken.html"
    broken.write_text(
        "<!doctype html><html lang=nl><title>x</title><figure><div><p>a</div>"
    )
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert json.loads(result.stderr)["messages"]
