"""Synthetic data for the benchmarks: `bench/generate.py <count> [<count> …]`.

For each count, (re)creates the database `bench_<count>` in the private PostGIS
cluster (scripts/postgis), migrates it, loads `reference six_cases` and adds
`count` published collectives with areas, organisations, role counts, timeline
events, quotes, stakeholders, instruments and 1–3 assessments each (a value reach
per value theme, a ladder step, regie, samenwerking, directions). Rows are written with
PostgreSQL COPY, so 100 000 collectives take a few minutes. Seeded: the same
count gives the same data.

Environment: BENCH_PG (default postgis://postgres@127.0.0.1:54329) is the cluster.
"""

from __future__ import annotations

import argparse
import datetime
import io
import math
import os
import random
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PG = os.environ.get("BENCH_PG", "postgis://postgres@127.0.0.1:54329")
MARKER = "collectievenatlas bench data v1"

# (city, lon, lat, weight): a few dozen Dutch cities, bigger ones more often.
CITIES = [
    ("Amsterdam", 4.900, 52.372, 10),
    ("Rotterdam", 4.470, 51.920, 9),
    ("Den Haag", 4.300, 52.078, 7),
    ("Utrecht", 5.119, 52.091, 7),
    ("Eindhoven", 5.478, 51.441, 5),
    ("Groningen", 6.566, 53.219, 4),
    ("Tilburg", 5.087, 51.560, 4),
    ("Almere", 5.264, 52.371, 3),
    ("Breda", 4.776, 51.589, 3),
    ("Nijmegen", 5.853, 51.843, 4),
    ("Arnhem", 5.911, 51.985, 3),
    ("Haarlem", 4.637, 52.387, 3),
    ("Enschede", 6.894, 52.221, 3),
    ("Amersfoort", 5.387, 52.156, 2),
    ("Zaanstad", 4.827, 52.456, 2),
    ("'s-Hertogenbosch", 5.304, 51.690, 2),
    ("Apeldoorn", 5.969, 52.211, 2),
    ("Zwolle", 6.094, 52.512, 2),
    ("Leiden", 4.493, 52.160, 3),
    ("Maastricht", 5.692, 50.851, 2),
    ("Dordrecht", 4.690, 51.813, 2),
    ("Zoetermeer", 4.494, 52.058, 1),
    ("Delft", 4.357, 52.012, 2),
    ("Deventer", 6.163, 52.255, 2),
    ("Leeuwarden", 5.799, 53.201, 2),
    ("Alkmaar", 4.748, 52.632, 1),
    ("Hilversum", 5.177, 52.223, 1),
    ("Schiedam", 4.398, 51.919, 1),
    ("Vlaardingen", 4.342, 51.912, 1),
    ("Venlo", 6.172, 51.370, 1),
    ("Helmond", 5.661, 51.479, 1),
    ("Gouda", 4.708, 52.012, 1),
    ("Heerlen", 5.981, 50.888, 1),
    ("Middelburg", 3.611, 51.499, 1),
    ("Den Bosch-Noord", 5.310, 51.715, 1),
    ("Lelystad", 5.472, 52.518, 1),
]
STREETS = [
    "Keile",
    "Werkspoor",
    "Havens",
    "Fabrieks",
    "Ambachts",
    "Smids",
    "Molen",
    "Zeep",
    "Loods",
    "Kade",
    "Dok",
    "Spoor",
    "Gieterij",
    "Scheeps",
    "Tramremise",
    "Drukkerij",
    "Wasserij",
    "Brouwerij",
    "Textiel",
    "Kabel",
    "Gas",
    "Water",
    "Stoom",
    "Vlas",
    "Tabak",
    "Suiker",
    "Cacao",
    "Pakhuis",
    "Garage",
    "Rijn",
]
KINDS_OF_PLACE = [
    "Werf",
    "Pand",
    "Hof",
    "Fabriek",
    "Loods",
    "Hal",
    "Broedplaats",
    "Werkplaats",
    "Kwartier",
    "Atelier",
    "Collectief",
    "Remise",
]
AREA_WORDS = [
    "kwartier",
    "haven",
    "terrein",
    "polder",
    "buurt",
    "eiland",
    "park",
    "werf",
]
TRADES = (
    "meubelmakers, ontwerpers, kunstenaars, foodtruckbouwers, muzikanten, "
    "fotografen, textielmakers, fietsenmakers, keramisten, programmeurs, "
    "sociaal ondernemers, drukkers, metaalbewerkers, houtbewerkers"
).split(", ")
LOREM = (
    "Het collectief huurt een voormalig bedrijfspand en verhuurt werkplekken "
    "door aan ondernemers uit de buurt. Samen organiseren ze open dagen, delen "
    "ze machines en voeren ze het gesprek met de gemeente en de eigenaar over "
    "de toekomst van het gebied. De huur is betaalbaar dankzij zelfbeheer en "
    "onderlinge hulp; de looptijd van het contract is een zorg."
).split()


def say(message: str) -> None:
    print(message, flush=True)  # noqa: T201 - a command-line tool's progress


def ewkt_point(lon: float, lat: float) -> str:
    return f"SRID=4326;POINT({lon:.6f} {lat:.6f})"


def polygon_ring(
    rng: random.Random, lon: float, lat: float, radius: float, vertices: int
) -> list[tuple[float, float]]:
    """An irregular star-shaped ring (valid: angles increase), lon scaled for
    latitude so areas look round on the map."""
    scale = 1 / math.cos(math.radians(lat))
    ring = []
    for i in range(vertices):
        angle = 2 * math.pi * i / vertices
        r = radius * rng.uniform(0.7, 1.0)
        ring.append((lon + r * math.cos(angle) * scale, lat + r * math.sin(angle)))
    ring.append(ring[0])
    return ring


def ewkt_multipolygon(ring: list[tuple[float, float]]) -> str:
    coords = ",".join(f"{x:.6f} {y:.6f}" for x, y in ring)
    return f"SRID=4326;MULTIPOLYGON((({coords})))"


# --- COPY ------------------------------------------------------------------------


def _copy_text(value) -> str:
    if value is None:
        return r"\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    text = str(value)
    return (
        text.replace("\\", "\\\\")
        .replace("\t", "\\t")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )


class Table:
    """Rows for one model, written with COPY in the model's column order. A field
    missing from a row gets its default, '' when blank is allowed, else NULL."""

    def __init__(self, model):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields]
        self.buffer = io.StringIO()
        self.count = 0
        self.next_id = None

    def start_ids(self, cursor) -> None:
        cursor.execute(
            f'SELECT COALESCE(MAX(id), 0) FROM "{self.model._meta.db_table}"'
        )
        self.next_id = cursor.fetchone()[0] + 1

    def add(self, **values) -> int:
        pk = self.next_id
        self.next_id += 1
        values["id"] = pk
        cells = []
        for field in self.fields:
            if field.attname in values:
                value = values[field.attname]
            elif field.has_default():
                value = field.get_default()
            elif field.null:
                value = None
            else:
                value = ""
            cells.append(_copy_text(value))
        self.buffer.write("\t".join(cells))
        self.buffer.write("\n")
        self.count += 1
        return pk

    def flush(self, cursor) -> None:
        if not self.count:
            return
        table = self.model._meta.db_table
        columns = ", ".join(f'"{f.column}"' for f in self.fields)
        data = self.buffer.getvalue()
        with cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
            for start in range(0, len(data), 1 << 20):
                copy.write(data[start : start + (1 << 20)])
        self.buffer = io.StringIO()
        self.count = 0


# --- generation --------------------------------------------------------------------


def populate(count: int, seed: int) -> dict[str, int]:
    """Fill the current DATABASE_URL with `count` published collectives."""
    import django

    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()

    from django.db import connection, transaction
    from django.utils import timezone
    from django.utils.text import slugify

    from collectives.models import (
        Area,
        Collective,
        CollectiveInstrument,
        CollectiveOrganisation,
        Instrument,
        Organisation,
        Quote,
        RoleCount,
        TimelineEvent,
    )
    from valuefan.models import (
        Assessment,
        DirectionReading,
        LadderStep,
        ValueReach,
        ValueTheme,
    )

    rng = random.Random(seed * 1_000_003 + count)
    now = timezone.now()
    themes = list(ValueTheme.objects.values_list("pk", flat=True))
    steps = dict(LadderStep.objects.values_list("number", "pk"))
    instruments = list(Instrument.objects.values_list("pk", flat=True))
    tables = {
        m: Table(m)
        for m in (
            Organisation,
            Area,
            Collective,
            RoleCount,
            TimelineEvent,
            Quote,
            CollectiveOrganisation,
            CollectiveInstrument,
            Assessment,
            ValueReach,
            DirectionReading,
        )
    }
    weights = [c[3] for c in CITIES]

    def text(words: int) -> str:
        start = rng.randrange(len(LOREM))
        return " ".join(LOREM[(start + i) % len(LOREM)] for i in range(words))

    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables.values():
            table.start_ids(cursor)

        # Organisations: operators, landlords, municipalities, funds.
        org_count = max(20, count // 10)
        organisations = []
        kinds = [k for k, _label in Organisation.Kind.choices]
        for i in range(org_count):
            name = f"{rng.choice(STREETS)}{rng.choice(['beheer', 'vastgoed', 'fonds', 'coöperatie', 'groep', 'stichting'])} {i}"
            organisations.append(
                tables[Organisation].add(
                    name=name,
                    slug=f"bench-org-{i}",
                    kind=rng.choice(kinds),
                    website=f"https://org{i}.example.nl",
                    description=text(rng.randint(5, 30)),
                )
            )
        operator_orgs = organisations[: max(10, org_count // 3)]

        # Areas: about one per 50 collectives, spread over the cities.
        area_count = max(2, count // 50)
        areas = []  # (pk, city, lon, lat, radius)
        area_kinds = [k for k, _label in Area.Kind.choices]
        for i in range(area_count):
            city, clon, clat, _w = rng.choices(CITIES, weights)[0]
            d = rng.uniform(0, 0.05)
            a = rng.uniform(0, 2 * math.pi)
            lon = clon + d * math.cos(a) * 1.6
            lat = clat + d * math.sin(a)
            radius = rng.uniform(0.003, 0.009)
            word = rng.choice(STREETS) + rng.choice(AREA_WORDS)
            pk = tables[Area].add(
                name=f"{word} {i}",
                slug=f"bench-{slugify(word)}-{i}",
                city=city,
                kind=rng.choice(area_kinds),
                boundary=ewkt_multipolygon(
                    polygon_ring(rng, lon, lat, radius, rng.randint(12, 40))
                ),
                boundary_is_approximate=rng.random() < 0.5,
                description=text(rng.randint(20, 80)),
                updated_at=now,
            )
            areas.append((pk, city, lon, lat, radius))

        tenures = [k for k, _l in Collective.Tenure.choices]
        governances = [k for k, _l in Collective.Governance.choices]
        event_kinds = [k for k, _l in TimelineEvent.Kind.choices]
        relations = [k for k, _l in CollectiveOrganisation.Relation.choices]
        for i in range(count):
            in_area = rng.random() < 0.85
            area_pk, city, lon, lat, radius = rng.choice(areas)
            if in_area:
                r = radius * 0.6 * math.sqrt(rng.random())
            else:
                area_pk, r = None, rng.uniform(0.01, 0.04)
            a = rng.uniform(0, 2 * math.pi)
            plon = lon + r * math.cos(a) * 1.6
            plat = lat + r * math.sin(a)
            place = rng.choice(KINDS_OF_PLACE)
            name = f"{rng.choice(STREETS)}{place.lower()} {city} {i}"
            founded = rng.randint(1985, 2024)
            entrepreneurs = rng.choice([None] + [rng.randint(3, 250)] * 9)
            collective = tables[Collective].add(
                name=name,
                slug=f"{slugify(name)}",
                kind="area" if rng.random() < 0.1 else "building",
                address=f"{rng.choice(STREETS)}straat {rng.randint(1, 200)}",
                postcode=f"{rng.randint(1000, 9999)} {chr(65 + rng.randrange(26))}{chr(65 + rng.randrange(26))}",
                city=city,
                location=ewkt_point(plon, plat),
                location_precision=rng.choice(["exact", "approximate"]),
                area_id=area_pk,
                founded_year=founded,
                entrepreneur_count=entrepreneurs,
                member_demonym=f"{place}ers" if rng.random() < 0.5 else "",
                entrepreneur_types=", ".join(rng.sample(TRADES, 3)).capitalize(),
                tenure=rng.choice(tenures),
                tenure_detail=text(rng.randint(3, 12)),
                tenure_end_date=datetime.date(rng.randint(2025, 2040), 1, 1)
                if rng.random() < 0.5
                else None,
                building_count=rng.randint(1, 5),
                floor_area_m2=rng.choice([None, rng.randint(150, 30000)]),
                rent_eur_m2_year=f"{rng.uniform(40, 180):.2f}"
                if rng.random() < 0.7
                else None,
                building_description=text(rng.randint(10, 60)),
                governance=rng.choice(governances),
                operator_id=rng.choice(operator_orgs) if rng.random() < 0.6 else None,
                website=f"https://collectief{i}.example.nl",
                description=text(rng.randint(40, 160)),
                status="published",
                facts_as_of=2024,
                publication_consent=True,
                created_at=now,
                updated_at=now,
            )
            for role in sorted(rng.sample([1, 2, 3, 4], rng.randint(2, 4))):
                lo = rng.randint(1, 20)
                tables[RoleCount].add(
                    collective_id=collective,
                    role=role,
                    count_min=lo,
                    count_max=lo + rng.randint(0, 5),
                    description=text(rng.randint(5, 20)),
                )
            for year in sorted(
                rng.sample(range(founded, 2026), min(2026 - founded, rng.randint(1, 4)))
            ):
                tables[TimelineEvent].add(
                    collective_id=collective,
                    date=datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                    date_precision=rng.choice(["day", "month", "year"]),
                    kind=rng.choice(event_kinds),
                    title=f"{text(4).capitalize()} ({year})",
                    description=text(rng.randint(10, 40)),
                )
            for order in range(rng.randint(0, 2)):
                tables[Quote].add(
                    collective_id=collective,
                    text=text(rng.randint(10, 30)),
                    speaker=rng.choice(["ondernemer", "trekker", "binder"]),
                    order=order,
                )
            for org in rng.sample(organisations, rng.randint(1, 3)):
                tables[CollectiveOrganisation].add(
                    collective_id=collective,
                    organisation_id=org,
                    relation=rng.choice(relations),
                    description=text(rng.randint(0, 15)),
                )
            for instrument in rng.sample(instruments, rng.randint(0, 3)):
                tables[CollectiveInstrument].add(
                    collective_id=collective,
                    instrument_id=instrument,
                    use=rng.choice(["used", "considered"]),
                )
            years = sorted(rng.sample(range(2019, 2026), rng.randint(1, 3)))
            step = rng.randint(1, 6)
            for n, year in enumerate(years):
                step = max(1, min(7, step + rng.choice([0, 0, 1, -1])))
                assessment = tables[Assessment].add(
                    collective_id=collective,
                    assessed_on=datetime.date(year, rng.randint(1, 12), 1),
                    assessor_kind=["self", "researcher", "municipality"][n % 3],
                    assessor="" if n % 3 == 0 else f"Onderzoeker {rng.randint(1, 50)}",
                    summary=text(rng.randint(10, 40)),
                    ladder_step_id=steps[step],
                    ladder_rationale=text(rng.randint(5, 20)),
                    regie=rng.randint(1, 5),
                    samenwerking=rng.randint(1, 5),
                    regie_rationale=text(rng.randint(5, 20)),
                    directions_note=text(rng.randint(5, 20)),
                    is_public=rng.random() < 0.95,
                    created_at=now,
                )
                for direction in sorted(rng.sample(range(1, 6), rng.randint(0, 4))):
                    tables[DirectionReading].add(
                        assessment_id=assessment,
                        direction=direction,
                        evidence=text(rng.randint(5, 20)),
                    )
                for theme in themes:
                    if rng.random() < 0.9:
                        tables[ValueReach].add(
                            assessment_id=assessment,
                            theme_id=theme,
                            reach=rng.randint(1, 5),
                            evidence=text(rng.randint(5, 25)),
                        )
            if i % 5000 == 4999:
                for table in tables.values():
                    table.flush(cursor)
        for table in tables.values():
            table.flush(cursor)
        for model in tables:
            db_table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{db_table}\"', 'id'), "
                f'(SELECT MAX(id) FROM "{db_table}"))'
            )
    counts = {m._meta.label: m.objects.count() for m in tables}
    connection.close()
    return counts


# --- databases ---------------------------------------------------------------------


def psql(database: str, *sql: str) -> str:
    import psycopg

    with psycopg.connect(
        f"{PG}/{database}".replace("postgis://", "postgresql://"), autocommit=True
    ) as conn:
        out = ""
        for statement in sql:
            cur = conn.execute(statement)
            if cur.description:
                out = "\n".join(str(row[0]) for row in cur.fetchall())
        return out


def is_ready(count: int) -> bool:
    """The database exists and a previous run finished filling it."""
    name = f"bench_{count}"
    comment = psql(
        "postgres",
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
        f"WHERE datname = '{name}'",
    )
    return comment == f"{MARKER}, {count}"


def generate(count: int, seed: int) -> None:
    name = f"bench_{count}"
    started = time.monotonic()
    say(f"generate: {name}: recreating the database")
    psql(
        "postgres",
        f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
        f"CREATE DATABASE {name}",
    )
    psql(name, "SET client_min_messages = warning", "CREATE EXTENSION postgis")
    env = bench_env(count)
    python = str(REPO / ".venv" / "bin" / "python")
    manage = [python, str(REPO / "manage.py")]
    subprocess.run(
        [*manage, "migrate", "--verbosity", "0"], env=env, check=True, cwd=REPO
    )
    subprocess.run(
        [*manage, "loaddata", "reference", "six_cases", "--verbosity", "0"],
        env=env,
        check=True,
        cwd=REPO,
    )
    say(f"generate: {name}: migrated, fixtures loaded; writing {count} collectives")
    subprocess.run(
        [python, __file__, "--populate", str(count), "--seed", str(seed)],
        env=env,
        check=True,
        cwd=REPO,
    )
    # As autovacuum would have done on a live database: statistics for the
    # planner and the visibility map for index-only scans.
    psql(name, "VACUUM ANALYZE")
    psql("postgres", f"COMMENT ON DATABASE {name} IS '{MARKER}, {count}'")
    say(f"generate: {name}: done in {time.monotonic() - started:.0f} s")


def bench_env(count: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"{PG}/bench_{count}",
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="false",
        HTTPS_ONLY="false",  # plain HTTP on this machine
        SECRET_KEY=env.get("SECRET_KEY", "bench-not-secret-" + "x" * 40),
        LOG_LEVEL="WARNING",
    )
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("counts", nargs="*", type=int)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--missing", action="store_true", help="only counts without a finished database"
    )
    parser.add_argument("--populate", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.populate is not None:
        started = time.monotonic()
        counts = populate(args.populate, args.seed)
        summary = ", ".join(f"{k.split('.')[1]} {v}" for k, v in counts.items())
        say(f"generate: wrote in {time.monotonic() - started:.0f} s: {summary}")
        return
    if not args.counts:
        parser.error("give at least one count")
    for count in args.counts:
        if args.missing and is_ready(count):
            # Kept, but brought up to the code's schema (new migrations).
            subprocess.run(
                [
                    str(REPO / ".venv" / "bin" / "python"),
                    str(REPO / "manage.py"),
                    "migrate",
                    "--verbosity",
                    "0",
                ],
                env=bench_env(count),
                check=True,
                cwd=REPO,
            )
            say(f"generate: bench_{count} exists (migrated)")
            continue
        generate(count, args.seed)


if __name__ == "__main__":
    main()
