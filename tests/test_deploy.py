"""Production settings: `check --deploy` is clean, and the security headers and
policies are what the README promises."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "DJANGO_SETTINGS_MODULE",
            "DEBUG",
            "HTTPS_ONLY",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="collectievenatlas.example.nl",
        DATABASE_URL=f"spatialite:///{tmp_path / 'db.sqlite3'}",
        LOG_FORMAT="text",
        ADMIN_URL="beheer-8f3k/",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow  # a fresh process runs every system check
def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = manage(
        production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Only the GDAL-version warning is silenced (README, "Security").
    assert "1 silenced" in result.stdout + result.stderr


@pytest.mark.slow  # a fresh process runs every system check
def test_check_deploy_catches_an_insecure_setting(tmp_path):
    # The check can fail: plain HTTP in production is reported.
    result = manage(
        production_env(tmp_path, HTTPS_ONLY="false"),
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
    )
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    result = manage(env, "check")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_every_page_carries_a_strict_content_security_policy():
    response = Client().get("/")
    policy = dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"  # no inline scripts, no eval
    assert policy["default-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_pages_hold_no_inline_scripts(six_cases):
    # The policy would block them; data for scripts travels as JSON blocks.
    import re

    client = Client()
    for path in [
        "/",
        "/collectieven/keilepand/",
        "/vergelijk/?c=keilepand&c=keilewerf",
    ]:
        html = client.get(path).content.decode()
        for attrs, body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
            if "src=" in attrs:
                assert not body.strip(), path
            else:
                assert 'type="application/json"' in attrs, (path, attrs, body[:80])
        assert not re.search(r"\son[a-z]+=", html), path  # no inline handlers
