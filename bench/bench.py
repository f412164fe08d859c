"""The benchmark driver behind `bench/run` (see bench/README.md).

Per scale: in-process measurements (bench/measure.py), then gunicorn the
production way against that scale's database, loaded with wrk; a table per scale,
the targets, and the results as JSON and Markdown under bench/results/.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import serving  # bench/serving.py, beside this file

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PYTHON = str(REPO / ".venv" / "bin" / "python")
PG = os.environ.get("BENCH_PG", "postgis://postgres@127.0.0.1:54329")

HTML = ["/", "profile", "/collectieven/", "compare 6", "area page", "/gebieden/"]
ENDPOINTS = [*HTML, "geojson", "api list"]
HTML_P95_MS = 100
GEOJSON_UNCACHED_MS = 150
GEOJSON_UNCACHED_RUNS = 3  # the target holds in every one of them
# Cached responses against a static file of the same bytes, same gunicorn, same
# run: the endpoint, its twin in STATIC_ROOT, and the least ratio of req/s.
TWINS = {
    "/": ("bench/home.html", 0.5),
    "geojson": ("bench/collectives.geojson", 0.5),
    "api list": ("bench/api-collectives.json", 0.3),
}
SCALING = 1.5
TARGET_SCALE = 10000
# As a deployment connects: over TCP with a password (scram-sha-256), as a role
# that is not the cluster's superuser.
ROLE = "bench"
PASSWORD = os.environ.get("BENCH_DB_PASSWORD", "bench-" + "p" * 24)


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)  # noqa: T201


def say(text: str) -> None:
    print(text, flush=True)  # noqa: T201 - the report is this tool's output


def production_env(count: int, static_root: Path, **extra: str) -> dict[str, str]:
    """The README's production settings with their defaults (CONN_MAX_AGE unset
    unless BENCH_CONN_MAX_AGE says otherwise), connecting with a password."""
    if "BENCH_CONN_MAX_AGE" in os.environ:
        extra.setdefault("CONN_MAX_AGE", os.environ["BENCH_CONN_MAX_AGE"])
    host = PG.split("@", 1)[1]
    env = serving.production_env(
        f"postgis://{ROLE}:{PASSWORD}@{host}/bench_{count}", static_root, **extra
    )
    if "CONN_MAX_AGE" not in extra:
        env.pop("CONN_MAX_AGE", None)  # the settings' default, as the README has it
    return env


def admin_env(count: int, static_root: Path) -> dict[str, str]:
    """For migrations and in-process measurements: the cluster's own user."""
    return serving.production_env(f"{PG}/bench_{count}", static_root)


def password_login(counts: list[int]) -> str:
    """Make the bench role log in with a password over TCP (pg_hba before the
    cluster's trust line), grant it the scales' tables, and prove that a login
    without the password is refused. Returns how the app connects."""
    import psycopg

    admin = PG.replace("postgis://", "postgresql://")
    with psycopg.connect(admin + "/postgres", autocommit=True) as conn:
        hba = Path(conn.execute("SHOW hba_file").fetchone()[0])
        line = f"host all {ROLE} 127.0.0.1/32 scram-sha-256"
        text = hba.read_text()
        if line not in text:
            hba.write_text(f"{line}\n{text}")
            conn.execute("SELECT pg_reload_conf()")
        exists = conn.execute(
            "SELECT 1 FROM pg_roles WHERE rolname = %s", [ROLE]
        ).fetchone()
        verb = "ALTER" if exists else "CREATE"
        conn.execute(psycopg.sql.SQL("SET password_encryption = 'scram-sha-256'"))
        conn.execute(
            psycopg.sql.SQL(verb + " ROLE {} LOGIN PASSWORD {}").format(
                psycopg.sql.Identifier(ROLE), psycopg.sql.Literal(PASSWORD)
            )
        )
    for count in counts:
        with psycopg.connect(f"{admin}/bench_{count}", autocommit=True) as conn:
            for statement in (
                "GRANT ALL ON ALL TABLES IN SCHEMA public TO {}",
                "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {}",
            ):
                conn.execute(
                    psycopg.sql.SQL(statement).format(psycopg.sql.Identifier(ROLE))
                )
    host = PG.split("@", 1)[1]
    try:
        psycopg.connect(f"postgresql://{ROLE}@{host}/bench_{counts[0]}").close()
    except psycopg.OperationalError:
        return f"TCP to {host} as role `{ROLE}` with a password (scram-sha-256)"
    raise RuntimeError("the bench role logged in without its password")


class Server(serving.Gunicorn):
    def __init__(self, env: dict[str, str], log_path: Path):
        self.database = env["DATABASE_URL"].rsplit("/", 1)[1]
        super().__init__(env, log_path)

    def fetch(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=120) as response:
            return response.read()


def _cpu_seconds(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            return [int(p) for p in children.read().split()]
    except OSError:
        return []


def _backends(database: str) -> list[int]:
    import psycopg

    url = PG.replace("postgis://", "postgresql://") + "/postgres"
    with psycopg.connect(url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [database]
        ).fetchall()
    return [pid for (pid,) in rows]


class CpuMeter:
    """CPU time that gunicorn's workers and their PostgreSQL backends spend:
    per request, it does not depend on what else runs on the machine (the wall
    times do). Approximate when a worker or backend exits during the run."""

    def __init__(self, server: Server, database: str):
        self.server, self.database = server, database

    def snapshot(self) -> dict[str, dict[int, float]]:
        groups = {
            "app": _children(self.server.process.pid),
            "db": _backends(self.database),
        }
        return {
            name: {p: c for p in pids if (c := _cpu_seconds(p)) is not None}
            for name, pids in groups.items()
        }

    @staticmethod
    def spent(before: dict, after: dict) -> dict:
        result = {}
        for name in before:
            old, new = before[name], after[name]
            used = sum(cpu - old.get(pid, 0.0) for pid, cpu in new.items())
            result[f"{name}_cpu_s"] = used
            result[f"{name}_cpu_exact"] = set(old) <= set(new)
        return result


def wrk(url: str, *, connections: int, seconds: float) -> dict:
    threads = min(2, connections)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(seconds))}s",
        "--timeout",
        "30s",
        "-s",
        str(BENCH / "report.lua"),
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(x for x in output.splitlines() if x.startswith("WRKJSON "))
    raw = json.loads(line.removeprefix("WRKJSON "))
    requests = raw["requests"]
    return {
        "connections": connections,
        "requests": requests,
        "p50_ms": raw["p50"] / 1000,
        "p95_ms": raw["p95"] / 1000,
        "p99_ms": raw["p99"] / 1000,
        "rps": requests / (raw["duration_us"] / 1e6),
        "bytes_per_response": raw["bytes"] / requests if requests else 0,
        "errors": sum(raw["errors"].values()),
        "non_2xx": raw["errors"]["status"],
    }


def load(server: Server, path: str, args, connections: int | None = None) -> dict:
    connections = connections or args.connections
    url = server.url + path
    wrk(url, connections=connections, seconds=args.warmup)
    meter = CpuMeter(server, server.database)
    before = meter.snapshot()
    figures = wrk(url, connections=connections, seconds=args.duration)
    spent = meter.spent(before, meter.snapshot())
    requests = max(1, figures["requests"])
    figures["app_cpu_ms"] = 1000 * spent["app_cpu_s"] / requests
    figures["db_cpu_ms"] = 1000 * spent["db_cpu_s"] / requests
    figures["cpu_exact"] = spent["app_cpu_exact"] and spent["db_cpu_exact"]
    return figures


def write_twins(env: dict, urls: dict, static_root: Path, work: Path) -> None:
    """Static files of the same bytes as the cached responses, fetched from a
    gunicorn of their own (whitenoise only serves files that exist when it
    starts). The GeoJSON's twin is written by bench/measure.py."""
    server = Server(env, work / "gunicorn-twins.log")
    try:
        for name, (path, _least) in TWINS.items():
            if name != "geojson":
                target = static_root / path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(server.fetch(urls[name]))
    finally:
        server.stop()


def run_scale(count: int, static_root: Path, work: Path, args) -> dict:
    env = production_env(count, static_root)
    # The data stay; migrations the code gained since (indexes) are applied.
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--verbosity", "0"],
        cwd=REPO,
        env=admin_env(count, static_root),
        check=True,
    )
    password_login([count])
    log(f"{count}: in-process measurements")
    measured = json.loads(
        subprocess.run(
            [PYTHON, str(BENCH / "measure.py"), str(static_root), str(count)],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    urls = measured["urls"]
    result: dict = {"count": count, "measured": measured, "load": {}}
    write_twins(env, urls, static_root, work)

    log(f"{count}: gunicorn (default cache), wrk")
    server = Server(env, work / f"gunicorn-{count}.log")
    try:
        served = server.fetch(urls["geojson"])
        result["static_identical"] = (
            hashlib.sha256(served).hexdigest() == measured["static_file"]["sha256"]
        )
        result["twin_bytes"] = {
            name: (static_root / path).stat().st_size
            for name, (path, _) in TWINS.items()
        }
        # Every worker renders every page once before anything is measured
        # (templates are compiled per process, after the fork).
        for name in ENDPOINTS:
            wrk(server.url + urls[name], connections=args.connections, seconds=1)
        for name in ENDPOINTS:
            result["load"][name] = load(server, urls[name], args)
            log(f"{count}: {name}: p95 {result['load'][name]['p95_ms']:.1f} ms")
        for name, (path, _least) in TWINS.items():
            result["load"][f"static twin of {name}"] = load(
                server, f"/static/{path}", args
            )
        if count == TARGET_SCALE and not args.no_map:
            result["map_interactive"] = map_interactive(server)
    finally:
        server.stop()

    log(f"{count}: gunicorn with CACHE_URL=dummycache:// (GeoJSON uncached)")
    server = Server(
        production_env(count, static_root, CACHE_URL="dummycache://"),
        work / f"gunicorn-{count}-uncached.log",
    )
    try:
        for run in range(1, GEOJSON_UNCACHED_RUNS + 1):
            result["load"][f"geojson uncached c1 #{run}"] = load(
                server, urls["geojson"], args, connections=1
            )
        result["load"]["geojson uncached"] = load(server, urls["geojson"], args)
    finally:
        server.stop()
    return result


def map_interactive(server: Server) -> dict:
    script = BENCH / "map_interactive.py"
    if not script.exists():
        log("bench/map_interactive.py is missing: map interactivity skipped")
        return {"skipped": "bench/map_interactive.py does not exist"}
    done = subprocess.run(
        [PYTHON, str(script), "--url", server.url],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    return {
        "returncode": done.returncode,
        "stdout": done.stdout[-4000:],
        "stderr": done.stderr[-2000:],
    }


# --- targets and reports ---------------------------------------------------------


def within(figures: dict, p95_ms: float) -> bool:
    """p95 at most `p95_ms`, with requests answered and no errors."""
    return (
        figures["requests"] > 0
        and figures["errors"] == 0
        and figures["p95_ms"] <= p95_ms
    )


def twin_ratio(result: dict, name: str) -> float:
    """req/s of a cached endpoint over its static twin's, in the same run."""
    twin = result["load"][f"static twin of {name}"]["rps"]
    return result["load"][name]["rps"] / twin if twin else 0.0


def uncached_runs(result: dict) -> list[dict]:
    return [f for n, f in result["load"].items() if n.startswith("geojson uncached c1")]


def targets(results: list[dict]) -> list[dict]:
    """Each target with its measured value and PASS/FAIL (at 10 000 collectives,
    the scale the issues name; other scales are reported, not judged)."""
    by_count = {r["count"]: r for r in results}
    checks = []
    target = by_count.get(TARGET_SCALE)
    if target:
        for name in HTML:
            p95 = target["load"][name]["p95_ms"]
            checks.append(
                {
                    "target": f"{name}: p95 ≤ {HTML_P95_MS} ms at "
                    f"{target['load'][name]['connections']} clients",
                    "value": f"{p95:.1f} ms",
                    "pass": within(target["load"][name], HTML_P95_MS),
                }
            )
        runs = uncached_runs(target)
        checks.append(
            {
                "target": f"GeoJSON uncached (a cache miss, one client): p95 ≤ "
                f"{GEOJSON_UNCACHED_MS} ms in {len(runs)} runs out of {len(runs)}",
                "value": ", ".join(f"{f['p95_ms']:.1f} ms" for f in runs),
                "pass": bool(runs)
                and all(within(f, GEOJSON_UNCACHED_MS) for f in runs),
            }
        )
        for name, (_path, least) in TWINS.items():
            ratio = twin_ratio(target, name)
            checks.append(
                {
                    "target": f"{name} (cached) ≥ {least}× the req/s of a static "
                    "file of the same bytes",
                    "value": f"{ratio:.2f}×",
                    "pass": ratio >= least and target["load"][name]["errors"] == 0,
                }
            )
    small = by_count.get(100)
    if small and target:
        for name in ("profile", "compare 6"):
            base = small["load"][name]["p50_ms"]
            ratio = target["load"][name]["p50_ms"] / base if base else math.inf
            checks.append(
                {
                    "target": f"{name}: p50 at {TARGET_SCALE} ≤ {SCALING}× p50 at 100",
                    "value": f"{ratio:.2f}×",
                    "pass": ratio <= SCALING,
                }
            )
    return checks


def scale_table(result: dict) -> str:
    measured = result["measured"]
    lines = [
        f"### {result['count']:,} collectives".replace(",", " "),
        "",
        "| endpoint | conns | p50 ms | p95 ms | p99 ms | req/s | queries/req "
        "| bytes/resp | app CPU ms/req | db CPU ms/req | errors | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, figures in result["load"].items():
        queries = measured["queries"].get(
            "geojson (uncached)" if name.startswith("geojson uncached") else name, ""
        )
        if name.startswith("static twin"):
            queries = 0
        if name in TWINS:
            ratio, least = twin_ratio(result, name), TWINS[name][1]
            target = f"{ratio:.2f}× static (≥ {least}): " + (
                "PASS" if ratio >= least else "FAIL"
            )
            if name in HTML:
                ok = within(figures, HTML_P95_MS)
                target += f"; p95 ≤ {HTML_P95_MS}: {'PASS' if ok else 'FAIL'}"
        elif name in HTML:
            ok = within(figures, HTML_P95_MS)
            target = f"p95 ≤ {HTML_P95_MS}: {'PASS' if ok else 'FAIL'}"
        elif name.startswith("geojson uncached c1"):
            ok = within(figures, GEOJSON_UNCACHED_MS)
            target = f"p95 ≤ {GEOJSON_UNCACHED_MS}: {'PASS' if ok else 'FAIL'}"
        else:
            target = ""
        lines.append(
            f"| {name} | {figures['connections']} | {figures['p50_ms']:.1f} "
            f"| {figures['p95_ms']:.1f} | {figures['p99_ms']:.1f} "
            f"| {figures['rps']:.1f} | {queries} "
            f"| {figures['bytes_per_response']:.0f} "
            f"| {figures['app_cpu_ms']:.1f}{'' if figures['cpu_exact'] else '≈'} "
            f"| {figures['db_cpu_ms']:.1f} | {figures['errors']} | {target} |"
        )
    build = measured["geojson_build"]
    lines.append("")
    for name in TWINS:
        twin = result["load"][f"static twin of {name}"]
        lines.append(
            f"- {name} (cached) against a static file of the same "
            f"{result['twin_bytes'][name]} bytes through the same gunicorn "
            f"(whitenoise): {result['load'][name]['rps']:.1f} / {twin['rps']:.1f} "
            f"req/s = **{twin_ratio(result, name):.2f}×**"
            + (
                f" (identical bytes: {'yes' if result.get('static_identical') else 'NO'})"
                if name == "geojson"
                else ""
            )
            + "."
        )
    lines += [
        f"- Building the GeoJSON of {build['collectives']} collectives "
        f"in process: database-built {build['database_ms']} ms, Django's geojson "
        f"serializer {build['serializer_ms']} ms: the serializer takes "
        f"**{build['ratio']}×** as long (median of {build['repeat']}).",
        "- URLs: "
        + ", ".join(f"{k} `{v}`" for k, v in measured["urls"].items() if k in HTML),
    ]
    if "map_interactive" in result:
        mi = result["map_interactive"]
        if "skipped" in mi:
            lines.append(f"- Map interactivity: skipped ({mi['skipped']}).")
        else:
            lines.append(
                f"- Map interactivity (bench/map_interactive.py, exit "
                f"{mi['returncode']}):\n\n```\n{mi['stdout'].strip()}\n```"
            )
    return "\n".join(lines)


def report(results: list[dict], args, started: datetime.datetime) -> str:
    page_cache_off = os.environ.get("PAGE_CACHE_SECONDS") == "0"
    header = [
        f"# Benchmark {started:%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {os.cpu_count()} cores, {platform.node()}, load average at the "
        f"start {' '.join(f'{x:.2f}' for x in os.getloadavg())}. gunicorn with the "
        "repository's gunicorn.conf.py (sync workers), the README's production "
        "settings with their defaults"
        + (
            f" but CONN_MAX_AGE={os.environ['BENCH_CONN_MAX_AGE']}"
            if "BENCH_CONN_MAX_AGE" in os.environ
            else ""
        )
        + f", PostGIS over {args.connecting}, "
        f"locmem cache; wrk from the same machine, {args.connections} connections, "
        f"{args.warmup} s warm-up + {args.duration} s per endpoint, page cache "
        f"{'off (PAGE_CACHE_SECONDS=0)' if page_cache_off else 'as configured'}"
        ". Latencies in "
        "ms; bytes per response as wrk counts them (headers included); queries per "
        "request measured in process for the same URL; `geojson uncached` is a "
        "second gunicorn with CACHE_URL=dummycache:// (every request a cache "
        "miss), `c1` with one client (the latency of a miss).",
        "",
    ]
    body = [scale_table(r) for r in results]
    checks = targets(results)
    summary = ["### Targets", ""]
    if checks:
        summary += [
            f"- {'PASS' if c['pass'] else 'FAIL'}: {c['target']}: {c['value']}"
            for c in checks
        ]
    else:
        summary.append(f"- (the targets need the {TARGET_SCALE} scale, and 100)")
    return "\n".join(header + body + [""] + summary) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description="Load-test the app; see README.")
    parser.add_argument(
        "scales", nargs="*", type=int, default=[100, 1000, 10000, 100000]
    )
    parser.add_argument("--duration", type=float, default=5, help="seconds per run")
    parser.add_argument("--warmup", type=float, default=2, help="seconds of warm-up")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--no-map", action="store_true", help="skip map_interactive")
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="PAGE_CACHE_SECONDS=0: every page rendered (the cost of a cache miss)",
    )
    args = parser.parse_args()
    started = datetime.datetime.now(datetime.UTC)
    if args.no_page_cache:
        os.environ["PAGE_CACHE_SECONDS"] = "0"  # production_env() copies it

    subprocess.run(
        [PYTHON, str(BENCH / "generate.py"), "--missing", *map(str, args.scales)],
        cwd=REPO,
        check=True,
    )
    work = Path(tempfile.mkdtemp(prefix="collectievenatlas-bench-"))
    static_root = work / "static"
    log(f"collectstatic into {static_root}")
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=REPO,
        env=production_env(args.scales[0], static_root),
        check=True,
    )
    args.connecting = password_login(args.scales)
    results = []
    for count in args.scales:
        results.append(run_scale(count, static_root, work, args))
        say(scale_table(results[-1]) + "\n")
    text = report(results, args, started)
    say(text)
    out = BENCH / "results"
    out.mkdir(exist_ok=True)
    stamp = f"{started:%Y%m%d-%H%M%S}"
    (out / f"{stamp}.md").write_text(text)
    (out / f"{stamp}.json").write_text(
        json.dumps(
            {"started": started.isoformat(), "args": vars(args), "results": results},
            indent=2,
        )
    )
    shutil.copyfile(out / f"{stamp}.md", out / "latest.md")
    log(f"results in {out / stamp}.md and .json; server logs in {work}")


if __name__ == "__main__":
    main()
