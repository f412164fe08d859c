"""The front-end audit behind `scripts/audit-frontend`.

Serves the app the production way (gunicorn, DEBUG off, collected static files,
no map tiles) from a database of its own in the PostGIS cluster, loaded with
the reference data and the six cases, then:

1. Lighthouse (frontend/audit: lighthouse 12.2.3, the system Chromium) three
   times per page on desktop and on mobile; the median performance and
   accessibility scores per page and form factor against the targets
   (performance >= 95 desktop, >= 90 mobile; accessibility 100). A run that
   fails (Lighthouse does about one run in six here) is retried.
2. axe-core (bundled in the PyPI package axe-playwright-python, offline) on
   every public page in Dutch and English, with the rules of
   tests/browser/test_accessibility.py; any violation fails the audit.

Reports go to bench/audit/results/<time>/; the exit status is non-zero when a
target is missed.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import serving  # noqa: E402 - bench/serving.py

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PYTHON = str(REPO / ".venv" / "bin" / "python")
LIGHTHOUSE = (
    REPO / "frontend" / "audit" / "node_modules" / "lighthouse" / "cli" / "index.js"
)
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PG = os.environ.get("AUDIT_PG", "postgis://postgres@127.0.0.1:54329")
DB_NAME = os.environ.get("AUDIT_DB", "audit")

# Lighthouse: page name -> (path, needs the logged-in session).
LIGHTHOUSE_PAGES = {
    "map": ("/", False),
    "profile": ("/collectieven/keilepand/", False),
    "compare": ("/vergelijk/?c=keilepand&c=hof-van-cartesius", False),
    "registration": ("/aanmelden/", True),
}
TARGETS = {
    ("desktop", "performance"): 95,
    ("mobile", "performance"): 90,
    ("desktop", "accessibility"): 100,
    ("mobile", "accessibility"): 100,
}
FORM_FACTORS = ("desktop", "mobile")
CATEGORIES = ("performance", "accessibility")

# The same rules as tests/browser/test_accessibility.py: WCAG 2.1 A and AA plus
# axe's best practices, nothing switched off.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Every map and every chart sets data-state once drawn (see the browser tests).
ALL_DRAWN = """() => [...document.querySelectorAll('.leaflet-container, .chart[data-figure]')]
  .every((el) => ['ready', 'empty'].includes(el.getAttribute('data-state')))"""
NOT_FOUND = "/collectieven/bestaat-niet/"
# The API's documentation pages (third-party viewers) are drawn by script from
# the schema: wait for their operations before auditing.
API_DOCS_READY = {
    "/api/v1/docs/": ".swagger-ui .opblock",
}


# Violations inside Swagger UI's own markup (third-party, drawn by its script):
# buttons nested in its operation rows, its heading levels, its info block
# outside its landmark. Reported, not counted; our template fixes what it can
# (api/templates/api/swagger_ui.html). The schema and the browsable API
# (/api/v1/) carry the same information.
THIRD_PARTY = {"/api/v1/docs/": {"nested-interactive", "heading-order", "region"}}


def log(message: str) -> None:
    print(f"audit: {message}", file=sys.stderr, flush=True)  # noqa: T201


def say(text: str = "") -> None:
    print(text, flush=True)  # noqa: T201 - the report is this tool's output


def production_env(static_root: Path, **extra: str) -> dict[str, str]:
    return serving.production_env(
        f"{PG}/{DB_NAME}",
        static_root,
        SECRET_KEY=os.environ.get("AUDIT_SECRET_KEY", "audit-" + "k" * 50),
        GUNICORN_ACCESS_LOG="false",
        **extra,
    )


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def prepare_database(env: dict[str, str]) -> None:
    """A fresh database `audit` with PostGIS, migrated, with the six cases."""
    import psycopg  # the project's PostgreSQL driver

    with psycopg.connect(
        PG.replace("postgis://", "postgresql://") + "/postgres", autocommit=True
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    with psycopg.connect(
        PG.replace("postgis://", "postgresql://") + f"/{DB_NAME}", autocommit=True
    ) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    manage(env, "migrate", "--noinput")
    manage(env, "loaddata", "reference", "six_cases")


# Run inside `manage.py shell`: a verified account and a logged-in session,
# printed as JSON (cookie name and value).
SESSION_CODE = """
import json
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
email = "audit@example.org"
user, _ = get_user_model().objects.get_or_create(username="audit", email=email)
user.set_unusable_password()
user.save()
EmailAddress.objects.update_or_create(
    user=user, email=email, defaults={"verified": True, "primary": True}
)
client = Client()
client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
name = settings.SESSION_COOKIE_NAME
print(json.dumps({"name": name, "value": client.cookies[name].value}))
"""


def logged_in_session(env: dict[str, str]) -> dict[str, str]:
    output = manage(env, "shell", "--no-imports", "-c", SESSION_CODE)
    return json.loads(output.strip().splitlines()[-1])


class Server(serving.Gunicorn):
    """gunicorn with the repository's gunicorn.conf.py, on a free port."""

    def json(self, path: str) -> dict:
        with urllib.request.urlopen(self.url + path, timeout=30) as response:
            return json.load(response)

    def warm(self, paths: list[str], cookie: str) -> None:
        """Fetch each page once, so no worker meets it cold during a measurement."""
        for path in paths:
            request = urllib.request.Request(
                self.url + path, headers={"Cookie": cookie}
            )
            for _ in range(3):
                try:
                    urllib.request.urlopen(request, timeout=30).read()
                except urllib.error.HTTPError:
                    pass


# Lighthouse -------------------------------------------------------------------


def lighthouse_once(
    url: str, form_factor: str, out: Path, headers_file: Path | None, secret: str
) -> dict | None:
    """One Lighthouse run; the scores, or None when the run failed. The reports
    repeat the extra headers: the session cookie (secret) is blanked in them."""
    command = [
        "node",
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        "--output=html",
        f"--output-path={out}",
        "--only-categories=" + ",".join(CATEGORIES),
        "--chrome-flags=" + " ".join(CHROME_FLAGS),
        "--max-wait-for-load=60000",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    if headers_file:
        command.append(f"--extra-headers={headers_file}")
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=300
        )
    except subprocess.TimeoutExpired:
        return None
    for written in out.parent.glob(out.name + ".report.*"):
        written.write_text(written.read_text().replace(secret, "(session)"))
    report = out.with_name(out.name + ".report.json")
    if done.returncode != 0 or not report.exists():
        (out.with_name(out.name + ".stderr.txt")).write_text(done.stderr)
        return None
    lhr = json.loads(report.read_text())
    if lhr.get("runtimeError"):
        return None
    scores = {}
    for category in CATEGORIES:
        score = lhr["categories"][category]["score"]
        if score is None:
            return None
        scores[category] = round(score * 100)
    audits = lhr["audits"]
    for key in (
        "first-contentful-paint",
        "largest-contentful-paint",
        "total-blocking-time",
        "cumulative-layout-shift",
        "speed-index",
    ):
        scores[key] = audits.get(key, {}).get("numericValue")
    scores["failed-audits"] = sorted(
        key
        for key, audit in audits.items()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    )
    return scores


def run_lighthouse(server: Server, session: dict, results: Path, args) -> list[dict]:
    headers_file = results.parent / f".cookie-{secrets.token_hex(4)}.json"
    headers_file.write_text(
        json.dumps({"Cookie": f"{session['name']}={session['value']}"})
    )
    rows = []
    try:
        for name, (path, logged_in) in LIGHTHOUSE_PAGES.items():
            if args.pages and name not in args.pages:
                continue
            for form_factor in FORM_FACTORS:
                runs = []
                attempts = 0
                while len(runs) < args.runs and attempts < args.runs * 3:
                    attempts += 1
                    out = results / f"lighthouse-{name}-{form_factor}-{attempts}"
                    scores = lighthouse_once(
                        server.url + path,
                        form_factor,
                        out,
                        headers_file if logged_in else None,
                        session["value"],
                    )
                    if scores is None:
                        log(f"lighthouse {name} {form_factor}: run failed, retrying")
                        continue
                    runs.append(scores)
                    log(
                        f"lighthouse {name} {form_factor} #{len(runs)}: "
                        f"performance {scores['performance']}, "
                        f"accessibility {scores['accessibility']}"
                    )
                row = {
                    "page": name,
                    "path": path,
                    "form_factor": form_factor,
                    "runs": runs,
                }
                for category in CATEGORIES:
                    values = [r[category] for r in runs]
                    row[category] = statistics.median(values) if values else None
                for metric in ("total-blocking-time", "largest-contentful-paint"):
                    values = [r[metric] for r in runs if r[metric] is not None]
                    row[metric] = statistics.median(values) if values else None
                rows.append(row)
    finally:
        headers_file.unlink(missing_ok=True)
    return rows


def lighthouse_misses(rows: list[dict]) -> list[str]:
    misses = []
    for row in rows:
        for category in CATEGORIES:
            target = TARGETS[(row["form_factor"], category)]
            score = row[category]
            if score is None or score < target:
                misses.append(
                    f"{row['page']} {row['form_factor']} {category}: "
                    f"{'no run' if score is None else score} < {target}"
                )
    return misses


def lighthouse_table(rows: list[dict]) -> str:
    lines = [
        "| page | form factor | performance | accessibility | TBT ms | LCP ms | runs |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for row in rows:

        def mark(category: str, row=row) -> str:
            score = row[category]
            if score is None:
                return "–"
            ok = score >= TARGETS[(row["form_factor"], category)]
            return f"{score:g}" + ("" if ok else " ✗")

        runs = ", ".join(
            f"{r['performance']}/{r['accessibility']}" for r in row["runs"]
        )
        tbt = row["total-blocking-time"]
        lcp = row["largest-contentful-paint"]
        lines.append(
            f"| {row['page']} | {row['form_factor']} | {mark('performance')} "
            f"| {mark('accessibility')} | {tbt or 0:.0f} | {lcp or 0:.0f} | {runs} |"
        )
    return "\n".join(lines)


# axe-core -----------------------------------------------------------------------


def axe_pages(server: Server) -> list[tuple[str, str, int, bool]]:
    """(name, path, expected status, logged in) of every public page, in Dutch
    and in English; collectives and areas as the API lists them."""
    slugs = [
        c["slug"] for c in server.json("/api/v1/collectives/?page_size=500")["results"]
    ]
    areas = [a["slug"] for a in server.json("/api/v1/areas/?page_size=500")["results"]]
    pages: list[tuple[str, str, int, bool]] = [
        ("map", "/", 200, False),
        ("list", "/collectieven/", 200, False),
        *((f"profile {slug}", f"/collectieven/{slug}/", 200, False) for slug in slugs),
        ("cross-case", "/casussen/", 200, False),
        ("ladder", "/participatieladder/", 200, False),
        ("compare empty", "/vergelijk/", 200, False),
        ("compare", "/vergelijk/?c=keilepand&c=hof-van-cartesius", 200, False),
        (
            "compare six",
            "/vergelijk/?" + "&".join(f"c={s}" for s in slugs[:6]),
            200,
            False,
        ),
        ("areas", "/gebieden/", 200, False),
        *((f"area {slug}", f"/gebieden/{slug}/", 200, False) for slug in areas[:2]),
        (
            "area compare",
            "/gebieden/vergelijk/?" + "&".join(f"a={a}" for a in areas[:2]),
            200,
            False,
        ),
        ("log in", "/account/login/", 200, False),
        ("sign up", "/account/signup/", 200, False),
        ("password reset", "/account/password/reset/", 200, False),
        ("registration", "/aanmelden/", 200, True),
        ("not found", NOT_FOUND, 404, False),
    ]
    both = []
    for name, path, status, logged_in in pages:
        both.append((f"nl {name}", path, status, logged_in))
        both.append((f"en {name}", "/en" + path, status, logged_in))
    # The API's HTML pages (not translated).
    for name, path in zip(("api docs",), API_DOCS_READY, strict=True):
        both.append((name, path, 200, False))
    return both


def run_axe(server: Server, session: dict, results: Path) -> list[dict]:
    from axe_playwright_python.base import AXE_SCRIPT
    from playwright.sync_api import sync_playwright

    found = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[f for f in CHROME_FLAGS if f != "--headless"]
            + ["--disable-dev-shm-usage"],
        )
        contexts = {}
        for logged_in in (False, True):
            context = browser.new_context(
                base_url=server.url,
                locale="nl-NL",
                timezone_id="Europe/Amsterdam",
                viewport={"width": 1280, "height": 900},
            )
            context.set_default_timeout(20_000)
            # Nothing from other origins: the audit runs offline.
            context.route(
                lambda url: not url.startswith((server.url, "data:", "blob:")),
                lambda route: route.abort(),
            )
            if logged_in:
                context.add_cookies(
                    [
                        {
                            "name": session["name"],
                            "value": session["value"],
                            "url": server.url,
                        }
                    ]
                )
            contexts[logged_in] = context
        for name, path, expected, logged_in in axe_pages(server):
            page = contexts[logged_in].new_page()
            errors: list[str] = []
            page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
            entry = {"page": name, "path": path, "violations": [], "problems": []}
            try:
                response = page.goto(path)
                if response is None or response.status != expected:
                    entry["problems"].append(
                        f"status {response and response.status}, expected {expected}"
                    )
                # Charts are drawn as they come near the viewport: scroll past each.
                for chart in page.locator(".chart[data-figure]").all():
                    chart.scroll_into_view_if_needed()
                page.wait_for_function(ALL_DRAWN)
                if path in API_DOCS_READY:
                    page.wait_for_selector(API_DOCS_READY[path], state="attached")
                page.evaluate(AXE_SCRIPT)
                outcome = page.evaluate(
                    "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                    " resultTypes: ['violations']})",
                    AXE_TAGS,
                )
                entry["violations"] = [
                    {
                        "id": v["id"],
                        "impact": v["impact"],
                        "help": v["help"],
                        "targets": [
                            " ".join(
                                " >> ".join(t) if isinstance(t, list) else t
                                for t in node["target"]
                            )
                            for node in v["nodes"]
                        ],
                    }
                    for v in outcome["violations"]
                ]
            except Exception as exc:  # noqa: BLE001 - reported as a failure
                entry["problems"].append(f"{type(exc).__name__}: {exc}")
            known = THIRD_PARTY.get(path, set())
            entry["third_party"] = [v for v in entry["violations"] if v["id"] in known]
            entry["violations"] = [
                v for v in entry["violations"] if v["id"] not in known
            ]
            entry["problems"] += [f"page error: {e}" for e in errors]
            page.close()
            status = (
                "ok"
                if not entry["violations"] and not entry["problems"]
                else f"{len(entry['violations'])} violation(s)"
                + (
                    f", {len(entry['problems'])} problem(s)"
                    if entry["problems"]
                    else ""
                )
            )
            log(f"axe {name} ({path}): {status}")
            found.append(entry)
        browser.close()
    (results / "axe.json").write_text(json.dumps(found, indent=2, ensure_ascii=False))
    return found


def axe_report(entries: list[dict]) -> str:
    lines = []
    for entry in entries:
        if not entry["violations"] and not entry["problems"]:
            continue
        lines.append(f"{entry['page']} ({entry['path']}):")
        lines += [f"  problem: {p}" for p in entry["problems"]]
        for v in entry["violations"]:
            lines.append(f"  {v['id']} ({v['impact']}): {v['help']}")
            lines += [f"      {t}" for t in v["targets"]]
        for v in entry.get("third_party", []):
            lines.append(
                f"  third-party markup, not counted: {v['id']} ({v['impact']})"
            )
    for entry in entries:
        if entry.get("third_party") and not entry["violations"]:
            ids = ", ".join(v["id"] for v in entry["third_party"])
            lines.append(
                f"{entry['page']} ({entry['path']}): only in Swagger UI's own markup"
                f" (not counted): {ids}"
            )
    clean = sum(1 for e in entries if not e["violations"] and not e["problems"])
    lines.append(f"axe-core: {clean} of {len(entries)} pages without violations")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page")
    parser.add_argument(
        "--pages",
        nargs="*",
        choices=list(LIGHTHOUSE_PAGES),
        help="Lighthouse only these pages (default: all)",
    )
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--no-axe", action="store_true")
    parser.add_argument(
        "--serve",
        action="store_true",
        help="only prepare and serve the app (to look at it); stop with Ctrl-C",
    )
    parser.add_argument(
        "--results",
        type=Path,
        default=HERE / "results",
        help="folder for the reports (default: bench/audit/results)",
    )
    args = parser.parse_args()
    # A plain `kill` stops gunicorn and removes the temporary files too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    started = datetime.datetime.now(datetime.UTC)
    results = args.results / started.strftime("%Y%m%dT%H%M%SZ")
    results.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="audit-"))
    static_root = work / "static"
    env = production_env(static_root)
    failures: list[str] = []
    try:
        log(f"database {DB_NAME}: migrate, load the six cases")
        prepare_database(env)
        session = logged_in_session(env)
        log("collectstatic")
        manage(env, "collectstatic", "--noinput")
        server = Server(env, results / "gunicorn.log")
        try:
            cookie = f"{session['name']}={session['value']}"
            server.warm([p for p, _ in LIGHTHOUSE_PAGES.values()], cookie)
            summary: dict = {"started": started.isoformat(), "url": server.url}
            if args.serve:
                say(f"serving {server.url} (session cookie {cookie}); Ctrl-C stops")
                try:
                    while server.process.poll() is None:
                        time.sleep(1)
                except KeyboardInterrupt:
                    pass
                return 0
            if not args.no_lighthouse:
                rows = run_lighthouse(server, session, results, args)
                summary["lighthouse"] = rows
                failures += lighthouse_misses(rows)
                say(f"Lighthouse 12.2.3, median of {args.runs} runs\n")
                say(lighthouse_table(rows))
                say()
            if not args.no_axe:
                entries = run_axe(server, session, results)
                summary["axe"] = entries
                say(axe_report(entries))
                failures += [
                    f"axe: {e['page']}"
                    for e in entries
                    if e["violations"] or e["problems"]
                ]
        finally:
            server.stop()
        (results / "summary.json").write_text(
            json.dumps(summary, indent=2, ensure_ascii=False)
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    say(f"\nreports: {results}")
    if failures:
        say("\nMISSED:\n  " + "\n  ".join(failures))
        return 1
    say("\nall targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
