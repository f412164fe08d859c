"""Fault demo: PostgreSQL goes away under load, the app answers a friendly 503 and
recovers by itself; no registration the server accepted is lost.

    bench/fault [--users 40] [--clients 4] [--before 8] [--outage 10] [--after 12]
                [--crash]

One command: a private PostGIS cluster (PGDATA /tmp/collectievenatlas-fault-pg,
port 54339; never the shared test cluster), a fresh database with the reference
data and the six cases, verified accounts, gunicorn the production way (3 sync
workers, DEBUG off, CONN_MAX_AGE=60), then load:

* wrk, one process per path (the map, two profiles in Dutch and English, the
  map's GeoJSON, a static file); a Lua hook sorts every response per second
  into its status, and a 503 counts as friendly only with Retry-After, the
  translated text and no traceback or driver message;
* registration clients: each logs its accounts in through the real login form
  and keeps registering collectives as a person would (start, fill in the draft,
  self-assessment, consent and submit), recording per attempt the unique name
  and whether the server ACCEPTED it (the submit answered with its redirect);
  each account has its own loopback address (127.0.1.N), as distinct visitors
  have, so the per-address limit (20 starts a day) sees distinct addresses; the
  app's settings are untouched, so each account may start 5 a day: --users × 5
  attempts at most;
* a probe of /healthz and / every 0.1 s, for the recovery times.

After --before seconds the cluster is stopped (`scripts/postgis stop`, a fast
clean shutdown; with --crash `pg_ctl -m immediate`, so the start replays the
WAL), kept down --outage seconds and started again; the load goes on --after
seconds. The demo database commits synchronously (the test cluster's default is
synchronous_commit off), as production must, so an acknowledged commit survives
a crash. Then:
a timeline (per second, responses by status), the recovery times (from the
database answering again to the first 200 of /healthz and of a page, without
restarting gunicorn), and a reconciliation of the registrations against the
database. Exit 0 only if every accepted registration is there exactly once, as
submitted and with its exact name, every error response was the friendly 503,
and the app recovered. gunicorn and the cluster are stopped at the end.
"""

from __future__ import annotations

import argparse
import collections
import html
import html.parser
import itertools
import json
import os
import random
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import requests
import serving  # bench/serving.py, beside this file
from requests.adapters import HTTPAdapter

REPO = Path(__file__).resolve().parent.parent
PYTHON = str(REPO / ".venv" / "bin" / "python")
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PGDATA = os.environ.get("FAULT_PGDATA", "/tmp/collectievenatlas-fault-pg")
PGPORT = os.environ.get("FAULT_PGPORT", "54339")
DB_NAME = "fault_demo"
PG_ENV = {"PGDATA_DIR": PGDATA, "PGPORT_TEST": PGPORT}
if PGPORT == "54329" or PGDATA == "/tmp/collectievenatlas-pg":
    sys.exit("fault demo: refusing to use the shared test cluster")

# What the friendly 503 says (templates/503.html, config/views.py).
TEXT_NL = "tijdelijk niet beschikbaar"
TEXT_EN = "temporarily unavailable"
# What must never reach a visitor.
LEAKS = (
    "Traceback",
    "OperationalError",
    "InterfaceError",
    "psycopg",
    "could not connect",
    "Connection refused",
    "connection failed",
    "server closed the connection",
    "terminating connection",
    "Server Error (500)",
)
NAME_PREFIX = "Storingsproef"

# Every response: (wall time at the end, source, status, verdict).
# verdict: "ok" (2xx/3xx), "friendly" (503 as it should be), "static" (200 that
# needs no database), or a short reason why the response is wrong.
Event = tuple[float, str, int, str]


def log(message: str) -> None:
    print(f"fault: {message}", file=sys.stderr, flush=True)  # noqa: T201


def say(text: str = "") -> None:
    print(text, flush=True)  # noqa: T201 - the report is this tool's output


# --- processes ----------------------------------------------------------------------


def postgis(action: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(REPO / "scripts" / "postgis"), action],
        env=os.environ | PG_ENV,
        capture_output=True,
        text=True,
        check=False,
    )


def crash() -> subprocess.CompletedProcess:
    """Stop the cluster without a shutdown checkpoint (like a crash): the next
    start replays the WAL."""
    return subprocess.run(
        ["runuser", "-u", "postgres", "--", str(PG_BIN / "pg_ctl"), "stop"]
        + ["-D", PGDATA, "-m", "immediate", "-w", "-s"],
        cwd="/",
        capture_output=True,
        text=True,
        check=False,
    )


def pg_ready() -> bool:
    return (
        subprocess.run(
            [str(PG_BIN / "pg_isready"), "-q", "-h", "127.0.0.1", "-p", PGPORT],
            check=False,
        ).returncode
        == 0
    )


def psql(sql: str, database: str = "postgres") -> None:
    subprocess.run(
        [str(PG_BIN / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1"]
        + ["-h", "127.0.0.1", "-p", PGPORT, "-U", "postgres", "-d", database]
        + ["-c", sql],
        check=True,
        capture_output=True,
    )


def app_env(static_root: Path, **extra: str) -> dict[str, str]:
    return serving.production_env(
        f"postgis://postgres@127.0.0.1:{PGPORT}/{DB_NAME}",
        static_root,
        SECRET_KEY="fault-demo-" + secrets.token_urlsafe(40),
        CONN_MAX_AGE="60",
        LOG_FORMAT="json",
        LOG_LEVEL="INFO",
        GUNICORN_LOG_LEVEL="info",
        **extra,
    )


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def marked(output: str, marker: str) -> str:
    """The rest of the line that starts with `marker` (the shell prints more)."""
    for line in output.splitlines():
        if line.startswith(marker + " "):
            return line.removeprefix(marker + " ")
    raise RuntimeError(f"no {marker} line in:\n{output[-2000:]}")


CREATE_USERS = """
import os
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

User = get_user_model()
hashed = make_password(os.environ["FAULT_PASSWORD"])  # one hash, n accounts
users = User.objects.bulk_create(
    User(username=f"storing{i:03d}", email=f"storing{i:03d}@example.org",
         password=hashed)
    for i in range(int(os.environ["FAULT_USERS"]))
)
EmailAddress.objects.bulk_create(
    EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users
)
print("USERS", len(users))
"""

RECONCILE = """
import json, os
from django.db.models import Count
from collectives.models import Collective

prefix = os.environ["FAULT_PREFIX"]
rows = [
    {"name": c.name, "slug": c.slug, "status": c.status, "city": c.city,
     "governance": c.governance, "entrepreneur_count": c.entrepreneur_count,
     "owners": sorted(c.owners.values_list("email", flat=True))}
    for c in Collective.objects.filter(name__startswith=prefix).order_by("pk")
]
print("ROWS " + json.dumps(rows))
"""


Gunicorn = serving.Gunicorn


# --- wrk with a Lua hook that sorts responses per second --------------------------

WRK_LUA = r"""
-- Per second (wall clock) and per class: how many responses. A 503 is
-- "friendly" only with Retry-After, the expected text and no leak.
-- buckets and samples are globals: done() reads them with thread:get().
local expect, leaks = nil, {}
buckets, samples = {}, {}
function init(args)
  expect = args[1]
  for i = 2, #args do leaks[#leaks + 1] = args[i] end
end
local function header(headers, name)
  for k, v in pairs(headers) do
    if string.lower(k) == name then return v end
  end
  return nil
end
function response(status, headers, body)
  local cls = tostring(status)
  if status == 503 or status >= 500 or status == 0 then
    local why = nil
    if status ~= 503 then why = "status" end
    if not why and not header(headers, "retry-after") then why = "no-retry-after" end
    if not why and not string.find(body or "", expect, 1, true) then why = "no-text" end
    if not why then
      for _, leak in ipairs(leaks) do
        if string.find(body or "", leak, 1, true) then why = "leak" break end
      end
    end
    if why then
      cls = tostring(status) .. "-" .. why
      if #samples < 3 then samples[#samples + 1] = string.sub(body or "", 1, 300) end
    else
      cls = "503-friendly"
    end
  end
  local key = os.time() .. " " .. cls
  buckets[key] = (buckets[key] or 0) + 1
end
local threads = {}
function setup(thread) threads[#threads + 1] = thread end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRKSUM %d %d %d %d %d %d\n", summary.requests,
    e.connect, e.read, e.write, e.status, e.timeout))
  for _, t in ipairs(threads) do
    for key, n in pairs(t:get("buckets")) do io.write("WRKB " .. key .. " " .. n .. "\n") end
    for _, s in ipairs(t:get("samples")) do
      io.write("WRKS " .. string.gsub(s, "\n", " ") .. "\n")
    end
  end
end
"""


class Wrk:
    def __init__(self, url: str, label: str, expect: str, lua: Path, connections: int):
        self.label = label
        self.process = subprocess.Popen(
            ["wrk", "-t1", f"-c{connections}", "-d600s", "--timeout", "30s"]
            + ["-s", str(lua), url, "--", expect, *LEAKS],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.events: list[Event] = []
        self.summary: dict[str, int] = {}
        self.samples: list[str] = []

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # wrk stops and reports
        output, _ = self.process.communicate(timeout=30)
        for line in output.splitlines():
            parts = line.split(" ")
            if parts[0] == "WRKSUM":
                names = ("requests", "connect", "read", "write", "status", "timeout")
                self.summary = dict(zip(names, map(int, parts[1:]), strict=True))
            elif parts[0] == "WRKB":
                second, cls, count = int(parts[1]), parts[2], int(parts[3])
                verdict = verdict_of_class(cls, self.label)
                status = int(cls.split("-")[0])
                self.events.extend(
                    [(second + 0.5, self.label, status, verdict)] * count
                )
            elif parts[0] == "WRKS":
                self.samples.append(line[5:])


def verdict_of_class(cls: str, label: str) -> str:
    if cls == "503-friendly":
        return "friendly"
    status = int(cls.split("-")[0])
    if 200 <= status < 400:
        return "static" if label == "static" else "ok"
    return cls


# --- HTTP clients ---------------------------------------------------------------------


class SourceAddressAdapter(HTTPAdapter):
    """Connections from one loopback address, as one visitor's browser has one."""

    def __init__(self, source: str, **kwargs):
        self.source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


def judge(response: requests.Response, expect: str = TEXT_NL) -> str:
    """ok, friendly (the 503 as it should be) or why the response is wrong."""
    status = response.status_code
    if status < 400:
        return "ok"
    if status != 503:
        return f"{status}-status"
    if not response.headers.get("Retry-After"):
        return "503-no-retry-after"
    body = response.text
    if expect not in body:
        return "503-no-text"
    if any(leak in body for leak in LEAKS):
        return "503-leak"
    return "friendly"


class FormParser(html.parser.HTMLParser):
    """The fields of the page's registration form (class reg-form) as a browser
    would send them, without the submit buttons."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.in_form = False
        self.fields: list[tuple[str, str]] = []
        self.textarea: str | None = None
        self.text = ""
        self.select: str | None = None
        self.options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "reg-form" in (a.get("class") or "").split():
            self.in_form = True
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append(
                (name, a.get("value") or ("on" if kind == "checkbox" else ""))
            )
        elif tag == "textarea" and name:
            self.textarea, self.text = name, ""
        elif tag == "select" and name:
            self.select, self.options = name, []
        elif tag == "option" and self.select:
            self.options.append((a.get("value") or "", "selected" in a))

    def handle_data(self, data):
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            chosen = [v for v, selected in self.options if selected] or [
                v for v, _ in self.options[:1]
            ]
            self.fields.extend((self.select, v) for v in chosen)
            self.select = None


def form_fields(page: str) -> dict[str, str]:
    parser = FormParser()
    parser.feed(page)
    return dict(parser.fields)


class Failed(Exception):
    def __init__(self, stage: str, status: int, verdict: str):
        super().__init__(f"{stage}: {status} {verdict}")
        self.stage, self.status, self.verdict = stage, status, verdict


@dataclass
class Attempt:
    name: str
    user: str
    started_at: float
    slug: str | None = None  # the server made the draft (start answered 302)
    accepted: bool = False  # the submit answered with its redirect
    confirmed: bool = False  # and the confirmation page showed the name
    failed_stage: str | None = None
    failed_status: int | None = None
    failed_verdict: str | None = None
    ended_at: float = 0.0


@dataclass
class Visitor:
    email: str
    address: str
    session: requests.Session = field(default_factory=requests.Session)
    starts: int = 0


class Registrar:
    """One person's browser tab after another: registers collectives with its
    accounts, five per account (the app's daily limit per account)."""

    PER_ACCOUNT = 5

    def __init__(self, base: str, visitors: list[Visitor], numbers, events, lock):
        self.base = base
        self.visitors = visitors
        self.numbers = numbers
        self.events = events
        self.lock = lock
        self.attempts: list[Attempt] = []
        self.exhausted = False

    def request(self, visitor: Visitor, stage: str, method: str, path: str, **kw):
        try:
            response = visitor.session.request(
                method, self.base + path, allow_redirects=False, timeout=30, **kw
            )
        except requests.RequestException as error:
            self.record(0, f"connection-{type(error).__name__}")
            raise Failed(stage, 0, type(error).__name__) from error
        verdict = judge(response)
        self.record(response.status_code, verdict)
        return response, verdict

    def record(self, status: int, verdict: str) -> None:
        with self.lock:
            self.events.append((time.time(), "registration", status, verdict))

    def expect(self, visitor, stage, method, path, status, **kw) -> requests.Response:
        response, verdict = self.request(visitor, stage, method, path, **kw)
        if response.status_code != status:
            raise Failed(stage, response.status_code, verdict)
        return response

    def step(self, visitor, stage, path, data, next_path_pattern) -> str:
        """POST a form; expect the redirect to the next page; return its path."""
        response = self.expect(visitor, stage, "POST", path, 302, data=data)
        location = urlsplit(response.headers.get("Location", "")).path
        if not re.fullmatch(next_path_pattern, location):
            raise Failed(stage, 302, f"redirect-to-{location}")
        return location

    def attempt(self, visitor: Visitor, number: int) -> Attempt:
        name = f"{NAME_PREFIX} Coöperatie Werkplaats {number:04d}"
        city, lon, lat = random.choice(
            [("Rotterdam", 4.47, 51.91), ("Utrecht", 5.09, 52.10)]
        )
        point = {
            "type": "Point",
            "coordinates": [
                round(lon + (number % 50) * 0.004, 6),
                round(lat + (number // 50) * 0.004, 6),
            ],
        }
        attempt = Attempt(name=name, user=visitor.email, started_at=time.time())
        try:
            page = self.expect(visitor, "start-form", "GET", "/aanmelden/", 200)
            data = form_fields(page.text) | {
                "name": name,
                "kind": "building",
                "tenure": "rented_long",
                "location": json.dumps(point),
                "homepage": "",
            }
            visitor.starts += 1
            response, verdict = self.request(
                visitor, "start", "POST", "/aanmelden/", data=data
            )
            if response.status_code != 302:
                raise Failed("start", response.status_code, verdict)
            edit = urlsplit(response.headers["Location"]).path
            match = re.fullmatch(r"/aanmelden/([\w-]+)/", edit)
            if not match:
                raise Failed("start", 302, f"redirect-to-{edit}")
            attempt.slug = match.group(1)

            page = self.expect(visitor, "edit-form", "GET", edit, 200)
            data = form_fields(page.text) | {
                "name": name,
                "location": json.dumps(point),
                "city": city,
                "governance": "self_organised",
                "entrepreneur_count": str(10 + number % 40),
                "founded_year": "2019",
                "description": f"Proefregistratie {number} tijdens een storing.",
                "contact_email": visitor.email,
                "action": "continue",
            }
            assessment = self.step(
                visitor, "edit", edit, data, re.escape(edit) + "zelfbeoordeling/"
            )
            page = self.expect(visitor, "assessment-form", "GET", assessment, 200)
            data = form_fields(page.text) | {
                "ladder_informs": "yes",
                "ladder_asks_opinion": "no",
                "action": "continue",
            }
            submit = self.step(
                visitor, "assessment", assessment, data, re.escape(edit) + "indienen/"
            )
            page = self.expect(visitor, "submit-form", "GET", submit, 200)
            data = form_fields(page.text) | {"publication_consent": "on"}
            self.step(visitor, "submit", submit, data, re.escape(submit))
            attempt.accepted = True
            page = self.expect(visitor, "confirmation", "GET", submit, 200)
            attempt.confirmed = html.escape(name) in page.text or name in page.text
        except Failed as failure:
            attempt.failed_stage = failure.stage
            attempt.failed_status = failure.status
            attempt.failed_verdict = failure.verdict
        except Exception as error:  # noqa: BLE001 - reported, never hidden
            attempt.failed_stage, attempt.failed_status = "client", 0
            attempt.failed_verdict = f"client-error {error!r}"[:200]
        attempt.ended_at = time.time()
        return attempt

    def run(self, stop: threading.Event) -> None:
        queue = collections.deque(self.visitors)
        while not stop.is_set():
            while queue and queue[0].starts >= self.PER_ACCOUNT:
                queue.popleft()
            if not queue:
                self.exhausted = True
                return
            visitor = queue[0]
            attempt = self.attempt(visitor, next(self.numbers))
            self.attempts.append(attempt)
            if attempt.failed_stage == "start" and attempt.failed_status == 429:
                visitor.starts = self.PER_ACCOUNT  # throttled: next account
            if attempt.failed_stage and attempt.failed_verdict == "friendly":
                stop.wait(0.5)  # a person reads the page before trying again
            else:
                stop.wait(0.1)


def login(base: str, visitor: Visitor, password: str) -> None:
    """Log in through the real allauth form (its rate limit: wait and retry)."""
    visitor.session.mount("http://", SourceAddressAdapter(visitor.address))
    for _try in range(10):
        page = visitor.session.get(base + "/account/login/", timeout=30)
        page.raise_for_status()
        data = form_fields_any(page.text) | {
            "login": visitor.email,
            "password": password,
        }
        response = visitor.session.post(
            base + "/account/login/", data=data, allow_redirects=False, timeout=30
        )
        if response.status_code == 302:
            return
        if response.status_code == 429:
            time.sleep(3)
            continue
        raise RuntimeError(f"login of {visitor.email}: {response.status_code}")
    raise RuntimeError(f"login of {visitor.email}: rate-limited")


def form_fields_any(page: str) -> dict[str, str]:
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return {"csrfmiddlewaretoken": token.group(1)} if token else {}


class Probe:
    """/healthz and / every 0.1 s: when does each answer 200 again."""

    def __init__(self, base: str, events, lock):
        self.base = base
        self.events = events
        self.lock = lock
        self.samples: list[tuple[float, str, int]] = []

    def run(self, stop: threading.Event) -> None:
        session = requests.Session()
        while not stop.is_set():
            for label, path in (("healthz", "/healthz"), ("probe-page", "/")):
                try:
                    response = session.get(self.base + path, timeout=30)
                    status = response.status_code
                    if label == "healthz":  # JSON for machines, 200 or 503
                        verdict = {200: "ok", 503: "friendly"}.get(
                            status, f"{status}-healthz"
                        )
                    else:
                        verdict = judge(response)
                except requests.RequestException as error:
                    status, verdict = 0, f"connection-{type(error).__name__}"
                now = time.time()
                self.samples.append((now, label, status))
                with self.lock:
                    self.events.append((now, label, status, verdict))
            stop.wait(0.1)


def show_503s(base: str, events, lock) -> list[str]:
    """One request each to a Dutch page, an English page and the API: status,
    Retry-After and the heading or message the visitor reads."""
    lines = []
    for path, expect in (
        ("/", TEXT_NL),
        ("/en/collectieven/keilepand/", TEXT_EN),
        ("/api/v1/collectives.geojson", TEXT_NL),
    ):
        try:
            response = requests.get(base + path, timeout=30)
        except requests.RequestException as error:
            lines.append(f"{path}: {error!r}")
            with lock:
                events.append((time.time(), "sample", 0, "connection-error"))
            continue
        with lock:
            events.append(
                (time.time(), "sample", response.status_code, judge(response, expect))
            )
        heading = re.search(r"<h1>(.*?)</h1>", response.text, re.S)
        if heading:
            text = html.unescape(heading.group(1)).strip()
        else:
            text = response.text[:120]
        lines.append(
            f"GET {path} -> {response.status_code}, Retry-After: "
            f"{response.headers.get('Retry-After')}, "
            f"{response.headers.get('Content-Type', '').split(';')[0]}: {text}"
        )
    return lines


# --- the demo ---------------------------------------------------------------------------


def main() -> int:  # noqa: C901, PLR0912, PLR0915 - one linear story
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=40, help="verified accounts")
    parser.add_argument("--clients", type=int, default=4, help="registration clients")
    parser.add_argument("--connections", type=int, default=1, help="per wrk path")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--before", type=float, default=8, help="seconds before")
    parser.add_argument("--outage", type=float, default=10, help="seconds down")
    parser.add_argument("--after", type=float, default=12, help="seconds after")
    parser.add_argument(
        "--crash",
        action="store_true",
        help="stop PostgreSQL like a crash (pg_ctl -m immediate, recovery on start)"
        " instead of scripts/postgis stop (a fast, clean shutdown)",
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("fault demo: wrk is missing (apt-get install wrk)")

    work = Path(tempfile.mkdtemp(prefix="collectievenatlas-fault-"))
    static_root = work / "static"
    server: Gunicorn | None = None
    wrks: list[Wrk] = []
    stop_load = threading.Event()
    probe_stop = threading.Event()

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, on_signal)
    try:
        # 1. cluster, database, data, accounts
        log(f"cluster in {PGDATA} on 127.0.0.1:{PGPORT}")
        started = postgis("start")
        if started.returncode != 0:
            raise RuntimeError(started.stderr or started.stdout)
        psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        psql(f"CREATE DATABASE {DB_NAME}")
        psql("CREATE EXTENSION IF NOT EXISTS postgis", DB_NAME)
        # scripts/postgis runs its test cluster with synchronous_commit off, for
        # speed; a commit the app acknowledges must survive a crash, as in
        # production, so this database commits synchronously.
        psql(f"ALTER DATABASE {DB_NAME} SET synchronous_commit = on")
        env = app_env(static_root, GUNICORN_WORKERS=str(args.workers))
        log("migrate, loaddata reference six_cases, collectstatic")
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "loaddata", "reference", "six_cases", "--verbosity", "0")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        password = secrets.token_urlsafe(16)
        made = manage(
            env | {"FAULT_USERS": str(args.users), "FAULT_PASSWORD": password},
            "shell",
            "-c",
            CREATE_USERS,
        )
        log(f"{marked(made, 'USERS')} verified accounts")

        # 2. gunicorn, the production way
        server = Gunicorn(env, work / "gunicorn.log", args.workers)
        base = server.url
        log(f"gunicorn at {base} ({args.workers} workers, CONN_MAX_AGE=60)")
        manifest = json.loads((static_root / "staticfiles.json").read_text())
        static_css = "/static/" + manifest["paths"]["css/site.css"]

        # Every account logs in through the real login form, from its own address.
        visitors = [
            Visitor(f"storing{i:03d}@example.org", f"127.0.1.{i + 1}")
            for i in range(args.users)
        ]
        log(f"logging {len(visitors)} accounts in over HTTP")
        login_errors: list[BaseException] = []

        def log_in(chunk: list[Visitor]) -> None:
            try:
                for visitor in chunk:
                    login(base, visitor, password)
            except Exception as error:  # noqa: BLE001 - raised below
                login_errors.append(error)

        threads = [
            threading.Thread(target=log_in, args=(visitors[k :: args.workers],))
            for k in range(args.workers)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if login_errors:
            raise RuntimeError(f"logging in failed: {login_errors[0]}")

        # 3. load
        lua = work / "fault.lua"
        lua.write_text(WRK_LUA)
        paths = [
            ("map", "/", TEXT_NL),
            ("profile-nl", "/collectieven/keilepand/", TEXT_NL),
            ("profile-en", "/en/collectieven/hof-van-cartesius/", TEXT_EN),
            ("geojson", "/api/v1/collectives.geojson", TEXT_NL),
            ("static", static_css, TEXT_NL),
        ]
        events: list[Event] = []
        lock = threading.Lock()
        shared_numbers = itertools.count(1)  # next() on it is atomic
        registrars = [
            Registrar(base, visitors[k :: args.clients], shared_numbers, events, lock)
            for k in range(args.clients)
        ]
        probe = Probe(base, events, lock)
        t0 = time.time()
        log("load: wrk on 5 paths, registration clients, probe")
        wrks = [
            Wrk(base + path, label, expect, lua, args.connections)
            for label, path, expect in paths
        ]
        workers = [
            threading.Thread(target=r.run, args=(stop_load,), daemon=True)
            for r in registrars
        ]
        probe_thread = threading.Thread(
            target=probe.run, args=(probe_stop,), daemon=True
        )
        for t in [*workers, probe_thread]:
            t.start()

        # 4. the outage
        time.sleep(args.before)
        log("stopping PostgreSQL" + (" (crash: immediate)" if args.crash else ""))
        t_stop = time.time()
        stopped = crash() if args.crash else postgis("stop")
        t_down = time.time()
        if stopped.returncode != 0 or pg_ready():
            raise RuntimeError(f"could not stop PostgreSQL: {stopped.stderr}")
        log(f"PostgreSQL down ({stopped.stdout.strip()}, {t_down - t_stop:.2f} s)")
        time.sleep(args.outage / 2)
        shown = show_503s(base, events, lock)
        time.sleep(max(0.0, t_down + args.outage - time.time()))
        log("starting PostgreSQL")
        t_start = time.time()
        starting = subprocess.Popen(
            [str(REPO / "scripts" / "postgis"), "start"],
            env=os.environ | PG_ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        while not pg_ready():
            if starting.poll() not in (None, 0) or time.time() > t_start + 90:
                raise RuntimeError("PostgreSQL did not come back")
            time.sleep(0.05)
        t_up = time.time()
        starting.communicate(timeout=120)
        log(f"PostgreSQL accepts connections ({t_up - t_start:.2f} s after start)")
        time.sleep(args.after)
        t_end = time.time()
        stop_load.set()
        for w in wrks:
            w.stop()
        log("load stopped; letting registrations in progress finish")
        for t in workers:
            t.join(timeout=60)
        probe_stop.set()
        probe_thread.join(timeout=30)

        # 5. timeline and checks
        for w in wrks:
            events.extend(w.events)
        attempts = [a for r in registrars for a in r.attempts]
        report = Report(t0, t_stop, t_down, t_up, t_end, events, probe, attempts)
        ok = report.timeline_and_checks(wrks)
        say()
        say("What a visitor sees while the database is down (one request each):")
        for line in shown:
            say(f"  {line}")

        # 6. reconciliation
        found = manage(env | {"FAULT_PREFIX": NAME_PREFIX}, "shell", "-c", RECONCILE)
        rows = json.loads(marked(found, "ROWS"))
        ok = report.reconcile(rows) and ok
        ok = report.server_log(server.log_path, t_stop) and ok
        if any(r.exhausted for r in registrars):
            say(
                "note: a registration client used up its accounts' daily limit; "
                "run with more --users"
            )
        say()
        say(f"RESULT: {'PASS' if ok else 'FAIL'}   (logs and wrk script in {work})")
        return 0 if ok else 1
    finally:
        stop_load.set()
        probe_stop.set()
        for w in wrks:
            if w.process.poll() is None:
                w.process.kill()
        if server is not None:
            server.stop()
        stopped = postgis("stop")
        log(f"cluster: {stopped.stdout.strip() or stopped.stderr.strip()}")
        shutil.rmtree(static_root, ignore_errors=True)


class Report:
    def __init__(self, t0, t_stop, t_down, t_up, t_end, events, probe, attempts):
        # From the whole second the load started in, as wrk's buckets.
        self.t0, self.t_stop, self.t_down, self.t_up, self.t_end = (
            int(t0),
            t_stop,
            t_down,
            t_up,
            t_end,
        )
        self.events = sorted(events)
        self.probe = probe
        self.attempts = attempts

    def rel(self, t: float) -> float:
        return t - self.t0

    def second(self, t: float) -> int:
        """Whole wall-clock seconds since the start, as wrk's os.time() buckets."""
        return int(t) - int(self.t0)

    def timeline_and_checks(self, wrks: list[Wrk]) -> bool:  # noqa: C901, PLR0912
        ok = True
        per_second: dict[int, collections.Counter] = collections.defaultdict(
            collections.Counter
        )
        for t, _source, status, verdict in self.events:
            second = self.second(t)
            if verdict == "static":
                per_second[second]["static"] += 1
            elif verdict == "ok":
                per_second[second]["2xx" if status < 300 else "3xx"] += 1
            elif verdict == "friendly":
                per_second[second]["503"] += 1
            else:
                per_second[second]["bad"] += 1
        accepted = collections.Counter(
            self.second(a.ended_at) for a in self.attempts if a.accepted
        )
        failed = collections.Counter(
            self.second(a.ended_at)
            for a in self.attempts
            if a.failed_stage and not a.accepted
        )
        stop_s, down_s, up_s = (
            self.second(x) for x in (self.t_stop, self.t_down, self.t_up)
        )
        say()
        say("Timeline: responses per second (wrk, registration clients, probe).")
        say("2xx/3xx: pages, API, forms; static: a CSS file (needs no database);")
        say("503: the friendly 503 (HTML, or JSON for the API and /healthz);")
        say("bad: anything else (a 500, a 503 without text or Retry-After, a leak)")
        say(
            f"{'t':>4}  {'database':<9}{'2xx':>6}{'3xx':>5}{'static':>7}{'503':>6}"
            f"{'bad':>5}   registrations accepted / not"
        )
        last = self.second(self.t_end)
        for second in range(0, max([last, *per_second]) + 1):
            counts = per_second.get(second, collections.Counter())
            if second < stop_s:
                state = "up"
            elif second <= down_s:
                state = "stopping"
            elif second < up_s:
                state = "DOWN"
            elif second == up_s:
                state = "starting"
            else:
                state = "up"
            if second > last:
                state = "(drain)"
            say(
                f"{second:>4}  {state:<9}{counts['2xx']:>6}{counts['3xx']:>5}"
                f"{counts['static']:>7}{counts['503']:>6}{counts['bad']:>5}   "
                f"{accepted.get(second, 0):>6} / {failed.get(second, 0)}"
            )
        say()
        say(
            f"PostgreSQL: stop issued at {self.rel(self.t_stop):.1f} s, down at "
            f"{self.rel(self.t_down):.1f} s, accepting connections again at "
            f"{self.rel(self.t_up):.1f} s (outage {self.t_up - self.t_stop:.1f} s)"
        )

        # Every response that was not a success must be the friendly 503.
        bad = collections.Counter(
            (source, status, verdict)
            for _t, source, status, verdict in self.events
            if verdict not in ("ok", "static", "friendly")
        )
        total = len(self.events)
        friendly = sum(1 for e in self.events if e[3] == "friendly")
        say(
            f"Responses: {total} in all, {friendly} friendly 503s, "
            f"{sum(bad.values())} wrong"
        )
        for (source, status, verdict), n in sorted(bad.items()):
            say(f"  WRONG: {n} × {status} from {source}: {verdict}")
            ok = False
        for w in wrks:
            errors = {k: v for k, v in w.summary.items() if k != "requests" and v}
            status_errors = errors.pop("status", 0)
            if errors:
                say(f"  WRONG: wrk {w.label}: socket errors {errors}")
                ok = False
            say(
                f"  wrk {w.label:<10} {w.summary.get('requests', 0):>6} requests, "
                f"{status_errors} non-2xx/3xx"
            )
            for sample in w.samples:
                say(f"    sample of a wrong response: {sample[:200]}")

        # During the outage: only the friendly 503 or what needs no database.
        # Whole seconds strictly inside it (wrk counts per wall-clock second).
        first, last = self.second(self.t_down) + 1, self.second(self.t_up) - 1
        window = [
            e
            for e in self.events
            if first <= self.second(e[0]) <= last and e[1] != "healthz"
        ]
        succeeded = collections.Counter(
            e[1] for e in window if e[3] in ("ok", "static")
        )
        say(
            f"While the database was down (seconds {first}–{last}): {len(window)} "
            f"responses of pages, API, forms and static files: "
            f"{sum(1 for e in window if e[3] == 'friendly')} friendly 503s, "
            f"successes {dict(succeeded) or 'none'}"
        )
        if set(succeeded) - {"static"}:
            # Not wrong in itself (a request may finish after its queries), but
            # worth a look: pages need the database.
            say("  note: pages answered 2xx/3xx while the database was down")

        # Recovery, without restarting gunicorn.
        def first_200(label: str) -> float | None:
            return next(
                (
                    t
                    for t, lab, status in self.probe.samples
                    if lab == label and status == 200 and t >= self.t_up
                ),
                None,
            )

        health, page = first_200("healthz"), first_200("probe-page")
        last_503 = max(
            (e[0] for e in self.events if e[3] == "friendly" and e[1] != "healthz"),
            default=None,
        )
        say("Recovery (gunicorn never restarted):")
        for label, t in (("/healthz", health), ("page /", page)):
            if t is None:
                say(f"  WRONG: {label} never answered 200 after the database came back")
                ok = False
            else:
                say(
                    f"  first 200 of {label:<9} {t - self.t_up:5.2f} s after the "
                    "database accepted connections"
                )
        if last_503 is not None:
            say(
                f"  last friendly 503 of a page or API call: "
                f"{last_503 - self.t_up:+.2f} s from the database coming back"
            )
            if last_503 > self.t_up + 5:
                say("  WRONG: 503s went on more than 5 s after the database was back")
                ok = False
        tail = [e for e in self.events if e[0] >= self.t_up + 5]
        tail_bad = sum(1 for e in tail if e[3] not in ("ok", "static"))
        say(
            f"  from 5 s after the database came back: {len(tail)} responses, "
            f"{tail_bad} not successful"
        )
        if tail_bad or not tail:
            ok = False
        return ok

    def reconcile(self, rows: list[dict]) -> bool:  # noqa: C901, PLR0912
        ok = True
        by_name = collections.defaultdict(list)
        for row in rows:
            by_name[row["name"]].append(row)
        attempts = self.attempts
        accepted = [a for a in attempts if a.accepted]
        say()
        say(
            f"Registrations: {len(attempts)} attempts, {len(accepted)} ACCEPTED by "
            f"the server ({sum(a.confirmed for a in accepted)} also saw the "
            "confirmation page)"
        )
        failures = collections.Counter(
            (a.failed_stage, a.failed_status, a.failed_verdict)
            for a in attempts
            if a.failed_stage and not a.accepted
        )
        for (stage, status, verdict), n in sorted(failures.items(), key=str):
            say(f"  not accepted: {n} failed at {stage!r} with {status} ({verdict})")
        unconfirmed = collections.Counter(
            (a.failed_status, a.failed_verdict)
            for a in accepted
            if a.failed_stage == "confirmation"
        )
        for (status, verdict), n in unconfirmed.items():
            say(
                f"  accepted, but the confirmation page that follows got {status} "
                f"({verdict}): {n}"
            )

        lost, wrong_state, dupes, unexpected = [], [], [], []
        absent, drafts = 0, 0
        for a in attempts:
            found = by_name.get(a.name, [])
            if len(found) > 1:
                dupes.append(a.name)
            states = [r["status"] for r in found]
            if a.accepted:
                if not found:
                    lost.append(a.name)
                elif states != ["submitted"]:
                    wrong_state.append((a.name, states))
                elif found[0]["owners"] != [a.user] or found[0]["city"] in ("", None):
                    wrong_state.append((a.name, found[0]))
            elif a.slug is None:
                # The start was refused: nothing may have been made.
                if found:
                    unexpected.append((a.name, a.failed_stage, states))
                else:
                    absent += 1
            elif states == ["draft"]:
                drafts += 1
            else:
                unexpected.append((a.name, a.failed_stage, states))
        names = {a.name for a in attempts}
        strays = [r["name"] for r in rows if r["name"] not in names]
        in_db = collections.Counter(r["status"] for r in rows)
        say(
            f"In the database afterwards: {len(rows)} collectives from this run "
            f"({dict(in_db)})"
        )
        say(
            f"  accepted and present as submitted with the exact name, once: "
            f"{len(accepted) - len(lost) - len(wrong_state)} of {len(accepted)}"
        )
        say(
            f"  not accepted: {absent} absent (the start itself failed: nothing was "
            f"made), {drafts} left as drafts (a later step failed; the owner finds "
            "them under /aanmelden/ and can finish them)"
        )
        not_accepted = [a for a in attempts if not a.accepted]
        told = [a for a in not_accepted if a.failed_verdict == "friendly"]
        say(
            f"  of the {len(not_accepted)} attempts not accepted, {len(told)} were "
            "told so by the friendly 503 page"
        )
        if len(told) != len(not_accepted):
            ok = False
            say("  WRONG: attempts that failed without the friendly 503:")
            for a in [a for a in not_accepted if a not in told][:10]:
                say(
                    f"    {a.name}: {a.failed_stage} {a.failed_status} {a.failed_verdict}"
                )
        for label, items in (
            ("LOST (accepted, not in the database)", lost),
            ("accepted but in the wrong state", wrong_state),
            ("DUPLICATED", dupes),
            ("not accepted, yet in an unexpected state", unexpected),
            ("in the database but never attempted", strays),
        ):
            if items:
                ok = False
                say(f"  WRONG: {label}: {len(items)}")
                for item in items[:10]:
                    say(f"    {item}")
        if not accepted:
            say("  WRONG: no registration was accepted at all; nothing was shown")
            ok = False
        before = sum(1 for a in accepted if a.ended_at < self.t_stop)
        after = sum(1 for a in accepted if a.started_at > self.t_up)
        say(
            f"  accepted before the stop: {before}; while the stop was under way: "
            f"{len(accepted) - before - after}; started and accepted after the "
            f"database came back: {after}"
        )
        return ok

    def server_log(self, path: Path, t_stop: float) -> bool:
        """What gunicorn and Django logged: errors are logged, never shown."""
        levels = collections.Counter()
        statuses = collections.Counter()
        messages = collections.Counter()
        timeouts = 0
        for line in path.read_text(errors="replace").splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                if "WORKER TIMEOUT" in line:
                    timeouts += 1
                continue
            levels[entry.get("level")] += 1
            if entry.get("message") == "request":
                statuses[str(entry.get("status"))] += 1
            elif entry.get("level") in ("ERROR", "CRITICAL", "WARNING"):
                messages[(entry.get("level"), entry.get("message", "")[:90])] += 1
            if "WORKER TIMEOUT" in entry.get("message", ""):
                timeouts += 1
        say()
        say(
            f"gunicorn access log, responses by status: {dict(sorted(statuses.items()))}"
        )
        say("Logged warnings and errors:")
        for (level, message), n in messages.most_common(8):
            say(f"  {n:>6} × {level} {message}")
        ok = True
        if timeouts:
            say(f"  WRONG: {timeouts} gunicorn worker timeouts")
            ok = False
        if statuses.get("500"):
            say(
                f"  WRONG: the access log has {statuses['500']} responses with status 500"
            )
            ok = False
        return ok


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
