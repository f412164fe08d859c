"""Browser tests: headless Chromium (the system build) driven by Playwright's sync
API against pytest-django's live server.

Every page a test opens is watched: a request to any origin other than the live
server (tiles, CDNs, fonts, analytics) fails the test, and so do console errors,
uncaught page errors and local responses with a 4xx/5xx status. External requests
are also aborted, so a regression fails fast instead of hanging on the network.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

playwright_sync = pytest.importorskip("playwright.sync_api")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENS = Path(os.environ.get("SCREENS_DIR", "/tmp/screens"))
# Milliseconds: the pages are small and local, so anything slower is a failure.
TIMEOUT = 10_000


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item, so fixtures can see if the test failed.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    with playwright_sync.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def six_cases_live(transactional_db):
    """The six whitepaper cases, committed so the live server's thread sees them
    (the ``six_cases`` fixture of tests/conftest.py needs ``db``)."""
    call_command("loaddata", "reference", "six_cases", verbosity=0)


class PageWatch:
    """What a page did that a test should not allow."""

    def __init__(self, server_origin: str):
        self.server_origin = server_origin
        self.requests: list[str] = []
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.bad_responses: list[str] = []

    def is_local(self, url: str) -> bool:
        # data: and blob: URLs never leave the browser.
        return url.startswith(("data:", "blob:")) or _origin(url) == self.server_origin

    def external_requests(self) -> list[str]:
        return [url for url in self.requests if not self.is_local(url)]

    def problems(self) -> list[str]:
        found = []
        if external := self.external_requests():
            found.append("requests to other origins:\n  " + "\n  ".join(external))
        if self.console_errors:
            found.append("console errors:\n  " + "\n  ".join(self.console_errors))
        if self.page_errors:
            found.append("page errors:\n  " + "\n  ".join(self.page_errors))
        if self.bad_responses:
            found.append("failed responses:\n  " + "\n  ".join(self.bad_responses))
        return found


@pytest.fixture
def page_watch(live_server):
    return PageWatch(_origin(live_server.url))


@pytest.fixture
def page(request, browser, live_server, page_watch):
    """A fresh context and page (Dutch browser, desktop size) whose requests,
    console errors and page errors are checked after the test."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        viewport={"width": 1280, "height": 900},
        service_workers="block",
    )
    context.set_default_timeout(TIMEOUT)
    context.set_default_navigation_timeout(TIMEOUT)
    # Leave nothing to the network: whatever is not the live server is aborted
    # (and still recorded below, so the test fails on it).
    context.route(lambda url: not page_watch.is_local(url), lambda route: route.abort())
    page = context.new_page()
    page.on("request", lambda req: page_watch.requests.append(req.url))
    page.on(
        "console",
        lambda msg: (
            msg.type == "error"
            and page_watch.console_errors.append(
                f"{msg.text} ({msg.location.get('url')})"
            )
        ),
    )
    page.on("pageerror", lambda exc: page_watch.page_errors.append(str(exc)))
    page.on(
        "response",
        lambda resp: (
            resp.status >= 400
            and page_watch.is_local(resp.url)
            and page_watch.bad_responses.append(f"{resp.status} {resp.url}")
        ),
    )
    yield page

    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        SCREENS.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=SCREENS / f"failed-{request.node.name}.png")
        except Exception:  # noqa: BLE001 - a screenshot is a courtesy only
            pass
    context.close()
    if problems := page_watch.problems():
        pytest.fail("\n".join(problems), pytrace=False)


def log_in(page, live_server, user):
    """The page's browser context, logged in as `user` (a session made by the
    test client, its cookie handed to the browser)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return page
