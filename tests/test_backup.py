"""scripts/backup and scripts/restore: a backup restored into an empty database
holds the same data, on PostGIS (the test database, restored into a new database
in the same cluster) and on SpatiaLite (a file made for the test)."""

import json
import os
import re
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from django.core.management import call_command
from django.db import connection
from psycopg import sql

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
PROJECT_APPS = ("collectives", "casestudies", "valuefan")

# What the app reads from a database, run in a fresh process against it: the
# published collectives by slug with their area names, and the map's GeoJSON (built
# by the database: on a restored PostGIS it needs the extension's functions).
QUERY = """
import json
from collectives.geojson import collectives_geojson
from collectives.models import Collective

published = Collective.objects.published().select_related("area").order_by("slug")
rows = [
    [c.slug, c.name, c.area.name if c.area else None, c.location.ewkt]
    for c in published
]
geojson = json.loads(collectives_geojson(published))
print("RESULT " + json.dumps({"rows": rows, "geojson": geojson}))
"""


def seed() -> None:
    """Data of every kind the app keeps: the reference data and the six cases, an
    account, a draft registration with private contact details and its
    self-assessment (value reaches), simple-history records of it, and an owner's
    proposed change (a JSON field) with non-ASCII text."""
    from collectives.models import Collective
    from contributions import services
    from valuefan.models import ValueTheme

    call_command("loaddata", "reference", "six_cases", verbosity=0)
    user = get_user_model().objects.create_user(
        username="ann@example.nl", email="ann@example.nl", password="een-lang-ww-42"
    )
    draft = services.start_registration(
        user=user,
        name="Het Bewaarpand",
        kind=Collective.Kind.BUILDING,
        tenure=Collective.Tenure.RENTED_TEMPORARY,
        location=Point(4.4777, 51.9244, srid=4326),
    )
    services.save_draft(
        collective=draft,
        user=user,
        data={
            "contact_name": "Ann de Vries",
            "contact_email": "ann@example.nl",
            "contact_phone": "+31 6 1234 5678",
            "description": "Ateliers aan de Maas — één gebouw, 'quotes' & €",
        },
    )
    themes = ValueTheme.objects.order_by("order")[:3]
    services.record_self_assessment(
        collective=draft,
        ladder_step=4,
        ladder_rationale="We praten mee over het gebied.",
        directions=[2],
        reaches=[(theme, 2, f"Voorbeeld bij {theme.slug}") for theme in themes],
    )
    services.propose_change(
        collective=Collective.objects.get(slug="keilepand"),
        user=user,
        data={"entrepreneur_count": 31, "description": "Nieuw: “quotes”, ü, 🙂"},
    )


def run(args: list[str], env: dict[str, str], *, ok: bool = True):
    """Run a command from the repository root; fail the test with its output if it
    does not exit as expected."""
    result = subprocess.run(
        args, cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    if (result.returncode == 0) != ok:
        pytest.fail(
            f"{args} exited {result.returncode}\n"
            f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}"
        )
    return result


def app_env(database_url: str) -> dict[str, str]:
    """The environment of the app (as scripts/run sets it) for another database."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "PYTHON": sys.executable,
    }


def app_query(database_url: str) -> dict:
    """QUERY's result, read by the app (a new process) from that database."""
    result = run(
        [sys.executable, "manage.py", "shell", "-c", QUERY], app_env(database_url)
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("RESULT ")]
    assert len(lines) == 1, result.stdout
    return json.loads(lines[0].removeprefix("RESULT "))


def project_tables() -> set[str]:
    """Every table of the project's apps, many-to-many and history tables too."""
    return {
        model._meta.db_table
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }


# --- PostGIS ----------------------------------------------------------------------


def pg_url(name: str) -> str:
    settings = connection.settings_dict
    user = quote(settings["USER"] or "", safe="")
    password = quote(settings["PASSWORD"] or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgis://{auth}{settings['HOST']}{port}/{name}"


def pg_connect(name: str) -> psycopg.Connection:
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=name,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    )


def pg_snapshot(name: str) -> dict:
    """Everything in the database that a restore must bring back: per table its
    row count and a checksum of all its rows (geometries in their exact binary
    form), and, readable in a failure, the geometries as EWKT, the bilingual
    fields, the JSON field and the private contact details."""
    with pg_connect(name) as conn:

        def rows(query: str) -> list[tuple]:
            return conn.execute(query).fetchall()

        tables = [
            table
            for (table,) in rows(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "ORDER BY tablename"
            )
        ]
        counts, checksums = {}, {}
        for table in tables:
            query = sql.SQL(
                "SELECT count(*), md5(coalesce("
                "string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {} AS t"
            ).format(sql.Identifier(table))
            counts[table], checksums[table] = conn.execute(query).fetchone()
        return {
            "counts": counts,
            "checksums": checksums,
            "locations": rows(
                "SELECT slug, ST_AsEWKT(location) FROM collectives_collective "
                "ORDER BY slug"
            ),
            "outlines": rows(
                "SELECT slug, ST_AsEWKT(boundary) FROM collectives_area ORDER BY slug"
            ),
            "history": rows(
                "SELECT history_id, slug, history_type, ST_AsEWKT(location), "
                "contact_email FROM collectives_historicalcollective "
                "ORDER BY history_id"
            ),
            "themes": rows(
                "SELECT slug, name_nl, name_en, description_nl, description_en "
                "FROM valuefan_valuetheme ORDER BY slug"
            ),
            "steps": rows(
                "SELECT number, name_nl, name_en, description_nl, description_en "
                "FROM valuefan_ladderstep ORDER BY number"
            ),
            "instruments": rows(
                "SELECT slug, name_nl, name_en FROM collectives_instrument "
                "ORDER BY slug"
            ),
            "proposed": rows(
                "SELECT id, data FROM collectives_proposedchange ORDER BY id"
            ),
            "contacts": rows(
                "SELECT slug, contact_name, contact_email, contact_phone "
                "FROM collectives_collective WHERE contact_email <> '' ORDER BY slug"
            ),
            "reaches": rows(
                "SELECT a.assessor, a.is_public, t.slug, r.reach, r.evidence "
                "FROM valuefan_valuereach r "
                "JOIN valuefan_assessment a ON a.id = r.assessment_id "
                "JOIN valuefan_valuetheme t ON t.id = r.theme_id "
                "ORDER BY r.id"
            ),
        }


def assert_seeded(snapshot: dict) -> None:
    """The source holds what seed() made, so the comparison is not vacuous."""
    counts = snapshot["counts"]
    assert project_tables() <= set(counts)
    assert counts["collectives_collective"] == 7
    assert counts["collectives_area"] == 4
    assert counts["valuefan_valuereach"] == 41 + 3
    assert counts["collectives_historicalcollective"] >= 2
    assert counts["auth_user"] == 1
    assert all(ewkt.startswith("SRID=4326;POINT(") for _, ewkt in snapshot["locations"])
    assert sum(ewkt is not None for _, ewkt in snapshot["outlines"]) == 4
    ((slug, *contact),) = snapshot["contacts"]
    assert re.fullmatch(r"het-bewaarpand-[0-9a-f]{6}", slug)  # a draft's slug
    assert contact == ["Ann de Vries", "ann@example.nl", "+31 6 1234 5678"]
    assert snapshot["proposed"][0][1]["description"] == "Nieuw: “quotes”, ü, 🙂"
    assert len(snapshot["themes"]) == 9
    assert all(name_en for _, _, name_en, _, _ in snapshot["themes"])


def drop_database(name: str) -> None:
    with pg_connect("postgres") as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )


def test_postgis_backup_restores_the_same_data_into_an_empty_database(
    transactional_db, tmp_path
):
    seed()  # committed: pg_dump reads the test database from another process
    source = connection.settings_dict["NAME"]
    restored = f"{source}_restored_{uuid.uuid4().hex[:8]}"
    try:
        backup = run(["scripts/backup", f"{tmp_path}/"], app_env(pg_url(source)))
        (dump,) = tmp_path.glob("collectievenatlas-*.pgdump")  # named by date
        assert f"wrote {dump}" in backup.stdout
        assert dump.stat().st_mode & 0o077 == 0  # private: contact details inside

        restore = run(["scripts/restore", str(dump)], app_env(pg_url(restored)))
        assert f"created the PostgreSQL database {restored}" in restore.stdout

        before, after = pg_snapshot(source), pg_snapshot(restored)
        assert_seeded(before)
        for part in before:
            assert after[part] == before[part], part
        assert app_query(pg_url(restored)) == app_query(pg_url(source))

        # A database that has data is refused; --force replaces what the backup
        # holds, in one transaction, and leaves the same data.
        refused = run(
            ["scripts/restore", str(dump)], app_env(pg_url(restored)), ok=False
        )
        assert "is not empty" in refused.stderr
        assert "--force" in refused.stderr
        run(["scripts/restore", "--force", str(dump)], app_env(pg_url(restored)))
        assert pg_snapshot(restored) == before
    finally:
        drop_database(restored)


# --- SpatiaLite -------------------------------------------------------------------


def sqlite_snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table (virtual tables aside: reading them needs the
    SpatiaLite extension, and their content lives in ordinary shadow tables),
    geometries as their stored bytes."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
            )
        ]
        return {
            table: sorted(conn.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr)
            for table in tables
        }
    finally:
        conn.close()


def test_spatialite_backup_restores_the_same_data_into_a_new_file(tmp_path):
    source = tmp_path / "source.sqlite3"
    restored = tmp_path / "elsewhere" / "restored.sqlite3"
    restored.parent.mkdir()
    backup_file = tmp_path / "backup.sqlite3"
    source_env = app_env(f"spatialite:///{source}")
    restored_env = app_env(f"spatialite:///{restored}")

    run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], source_env)
    run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from tests.test_backup import seed; seed()",
        ],
        source_env,
    )

    backup = run(["scripts/backup", str(backup_file)], source_env)
    assert f"wrote {backup_file}" in backup.stdout
    refused = run(["scripts/backup", str(backup_file)], source_env, ok=False)
    assert "never overwrites" in refused.stderr

    run(["scripts/restore", str(backup_file)], restored_env)

    before, after = sqlite_snapshot(source), sqlite_snapshot(restored)
    assert project_tables() <= set(before)
    assert len(before["collectives_collective"]) == 7
    assert len(before["collectives_historicalcollective"]) >= 2
    assert len(before["collectives_proposedchange"]) == 1
    assert before == after
    published = app_query(f"spatialite:///{restored}")
    assert published == app_query(f"spatialite:///{source}")
    assert [row[0] for row in published["rows"]][:2] == ["de-kroon", "hillevliet"]
    assert all(row[2] for row in published["rows"])  # every case has its area

    refused = run(["scripts/restore", str(backup_file)], restored_env, ok=False)
    assert "not empty" in refused.stderr
    run(["scripts/restore", "--force", str(backup_file)], restored_env)
    assert sqlite_snapshot(restored) == before
