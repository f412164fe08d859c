"""The Dutch catalogue: complete, valid, in step with the source, and served.

Dutch is the default language (no URL prefix), English lives under /en/. The msgids
are English, so an untranslated string shows English on a Dutch page: the catalogue
tests catch that before a visitor does. They read the .po with GNU gettext's own
tools (msgattrib, msgfmt, msgcmp) and need no database."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NL_PO = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"

# What makemessages scans (its default extensions for the django domain) and
# what the documented command tells it to skip.
SCANNED = {".py", ".html", ".txt"}
SKIPPED_DIRS = {".venv", "node_modules", "staticfiles", "locale", "__pycache__"}
MAKEMESSAGES_HINT = (
    "Run: DEBUG=1 .venv/bin/python manage.py makemessages -l nl --no-location "
    "--ignore=.venv --ignore=node_modules --ignore=staticfiles, translate, then "
    "compilemessages."
)


def _gettext_tool(*args: str | os.PathLike) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize(
    "option", ["--untranslated", "--only-fuzzy"], ids=["untranslated", "fuzzy"]
)
def test_every_dutch_string_is_translated(option):
    result = _gettext_tool("msgattrib", option, "--no-obsolete", NL_PO)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", (
        f"msgattrib {option} found entries in {NL_PO.relative_to(ROOT)}:\n"
        f"{result.stdout}"
    )


def test_dutch_catalogue_compiles_with_matching_placeholders():
    result = _gettext_tool(
        "msgfmt", "--check-format", "--check", NL_PO, "--output-file", os.devnull
    )
    assert result.returncode == 0, result.stderr


def _copy_sources(destination: Path) -> None:
    """The files makemessages would read, without the catalogue itself."""
    for directory, dirnames, filenames in os.walk(ROOT):
        dirnames[:] = [
            d for d in dirnames if not d.startswith(".") and d not in SKIPPED_DIRS
        ]
        for filename in filenames:
            source = Path(directory) / filename
            if source.suffix in SCANNED:
                target = destination / source.relative_to(ROOT)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target)
    (destination / "locale").mkdir()


def test_dutch_catalogue_holds_exactly_the_strings_in_the_source(tmp_path):
    """makemessages runs on a copy of the sources (it never touches the real
    catalogue); the fresh catalogue and the committed one must hold the same
    msgids: nothing new left out, nothing removed left behind."""
    copy = tmp_path / "src"
    _copy_sources(copy)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "--no-location"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = copy / NL_PO.relative_to(ROOT)

    # msgcmp DEF REF fails when a msgid of REF is missing from DEF.
    missing = _gettext_tool("msgcmp", "--use-untranslated", NL_PO, fresh)
    assert missing.returncode == 0, (
        f"Strings in the source but not in the catalogue:\n{missing.stderr}\n"
        + MAKEMESSAGES_HINT
    )
    stale = _gettext_tool("msgcmp", "--use-untranslated", fresh, NL_PO)
    assert stale.returncode == 0, (
        f"Strings in the catalogue no longer in the source:\n{stale.stderr}\n"
        + MAKEMESSAGES_HINT
    )


@pytest.mark.django_db
def test_default_pages_are_dutch(client):
    page = client.get("/").content.decode()
    assert '<html lang="nl">' in page
    assert ">Kaart</a>" in page
    assert "Direct naar de inhoud" in page
    assert ">Map</a>" not in page


@pytest.mark.django_db
def test_english_pages_live_under_en(client):
    page = client.get("/en/").content.decode()
    assert '<html lang="en">' in page
    assert ">Map</a>" in page
    assert "Skip to content" in page
    assert ">Kaart</a>" not in page


@pytest.mark.django_db
def test_language_switch_keeps_the_page(client):
    # Links to this page in the other language, query included: no form, no
    # token, no cookie needed (the language is in the URL).
    html = client.get("/collectieven/?city=Utrecht").content.decode()
    assert 'href="/en/collectieven/?city=Utrecht" hreflang="en"' in html
    assert (
        'href="/collectieven/?city=Utrecht" hreflang="nl" lang="nl" aria-current="true"'
        in html
    )
    english = client.get("/en/collectieven/?city=Utrecht").content.decode()
    assert 'href="/collectieven/?city=Utrecht" hreflang="nl"' in english
    assert "csrfmiddlewaretoken" not in html
