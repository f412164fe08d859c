"""A fresh clone: without SECRET_KEY or DEBUG, manage.py says what to set in one line
and exits 1; scripts/dev-env (run by scripts/install) writes a development .env that
makes manage.py work, and never replaces an existing one."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bare_env(env_file: Path) -> dict[str, str]:
    """The environment of a fresh shell: no Django settings of ours, and the given
    .env (missing or not) instead of the repository's."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in {"SECRET_KEY", "DEBUG"}
    }
    env["ENV_FILE"] = str(env_file)
    env["DATABASE_URL"] = f"spatialite:///{env_file.parent / 'db.sqlite3'}"
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


def test_without_secret_key_manage_py_says_so_in_one_line(tmp_path):
    result = manage(bare_env(tmp_path / ".env"), "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "manage.py: Set SECRET_KEY (or DEBUG=true for local use; scripts/install "
        "writes a development .env with both)."
    ]
    assert "Traceback" not in result.stdout + result.stderr


def dev_env(directory: Path, **extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    return subprocess.run(
        [str(ROOT / "scripts" / "dev-env"), str(directory)],
        env={**env, **extra},
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )


def test_dev_env_writes_a_development_env_that_manage_py_reads(tmp_path):
    dev_env(tmp_path)
    lines = (tmp_path / ".env").read_text().splitlines()
    assert "DEBUG=true" in lines
    keys = [line.removeprefix("SECRET_KEY=") for line in lines if "SECRET_KEY=" in line]
    assert len(keys) == 1 and len(keys[0]) >= 50
    assert (tmp_path / ".env").stat().st_mode & 0o077 == 0  # only its owner reads it

    result = manage(bare_env(tmp_path / ".env"), "check")
    assert result.returncode == 0, result.stdout + result.stderr

    other = tmp_path / "other"
    other.mkdir()
    dev_env(other)
    assert (other / ".env").read_text() != (tmp_path / ".env").read_text()


def test_dev_env_never_replaces_an_env_file(tmp_path):
    production = "DEBUG=false\nSECRET_KEY=the-production-key\n"
    (tmp_path / ".env").write_text(production)
    dev_env(tmp_path)
    assert (tmp_path / ".env").read_text() == production


def test_dev_env_writes_nothing_where_the_environment_has_a_secret_key(tmp_path):
    dev_env(tmp_path, SECRET_KEY="from-the-service-manager")
    assert not (tmp_path / ".env").exists()


def test_postgresql_connections_compile_no_jit(db):
    # The settings' reason: JIT made the 10 000-collective GeoJSON 10× slower.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
