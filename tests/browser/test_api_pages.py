"""The API's HTML pages (Swagger UI, DRF's browsable API) work under the
Content-Security-Policy: the page fixture fails on any console error, and a
blocked inline script or worker is one."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _data(six_cases_live):
    pass


def test_swagger_ui_lists_the_endpoints(page: Page):
    page.goto("/api/v1/docs/")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    expect(page.get_by_text("/api/v1/collectives/", exact=True).first).to_be_visible()


def test_browsable_api_shows_a_collective(page: Page):
    page.goto("/api/v1/collectives/keilepand/", wait_until="load")
    expect(page.get_by_text('"Keilepand"').first).to_be_visible()
