"""The registration pages in headless Chromium: place the point with a click on
the map (no tiles), move it by dragging, see a possible duplicate while typing."""

from __future__ import annotations

import json
import re

import pytest

from collectives.models import Collective
from tests.browser.conftest import log_in
from tests.factories import CollectiveFactory
from tests.registration.conftest import make_user

pytestmark = pytest.mark.browser

MAP = "#id_location-map"


@pytest.fixture
def logged_in(page, live_server, transactional_db):
    """The page, logged in as an account with no registrations yet."""
    user = make_user("ann@example.nl")
    return log_in(page, live_server, user)


def point_in_field(tab) -> dict | None:
    value = tab.locator("#id_location").input_value()
    return json.loads(value) if value else None


def test_register_by_clicking_on_the_map_and_drag_the_point(logged_in):
    tab = logged_in
    CollectiveFactory(name="Het Werkpand Noord", city="Rotterdam")
    tab.goto("/en/aanmelden/")
    tab.wait_for_selector(f'{MAP}[data-state="ready"]')
    tab.get_by_label("Name of the collective").fill("Het Werkpand")
    # A possible duplicate is listed while typing, with a link to claim it.
    duplicates = tab.locator("#duplicates")
    duplicates.get_by_role("link", name="Het Werkpand Noord").wait_for()
    assert duplicates.get_by_role("link", name="Claim this one").count() == 1

    tab.get_by_label("building", exact=True).check()
    tab.get_by_label("rented, temporary (under 10 years)", exact=True).check()
    box = tab.locator(MAP).bounding_box()
    tab.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    point = point_in_field(tab)
    assert point["type"] == "Point"
    assert "Point placed at latitude" in tab.locator("#location-readout").inner_text()
    tab.get_by_role("button", name="Start registration").click()

    # The draft's page shows the point on its map; drag it somewhere else.
    tab.wait_for_url(re.compile(r"/aanmelden/het-werkpand-[0-9a-f]{6}/$"))
    tab.wait_for_selector(f'{MAP}[data-state="ready"]')
    marker = tab.locator(f"{MAP} .leaflet-marker-icon.leaflet-marker-draggable")
    tab.locator(MAP).scroll_into_view_if_needed()
    marker.wait_for()
    before = point_in_field(tab)["coordinates"]
    handle = marker.bounding_box()
    x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] - 4
    tab.mouse.move(x, y)
    tab.mouse.down()
    tab.mouse.move(x + 60, y + 40, steps=8)
    tab.mouse.up()
    after = point_in_field(tab)["coordinates"]
    assert after != before
    tab.get_by_role("button", name="Save as draft").click()
    tab.get_by_text("Your draft has been saved.").wait_for()
    tab.locator(f"{MAP} .leaflet-marker-icon").wait_for()  # shown again
    saved = Collective.objects.get(slug__startswith="het-werkpand-").location
    assert saved.x == pytest.approx(after[0], abs=1e-5)
    assert saved.y == pytest.approx(after[1], abs=1e-5)
