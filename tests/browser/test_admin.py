"""The admin's map widgets under the Content-Security-Policy: django-leaflet's
widget normally starts with an inline script, which the policy blocks; ours
(templates/leaflet/widget.html + static/js/leaflet-init.js) must still draw the
map and keep the geometry field in sync."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.browser.conftest import log_in
from tests.factories import AreaFactory, CollectiveFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def admin_page(page, live_server, transactional_db):
    user = get_user_model().objects.create_superuser(
        "beheerder", "beheer@example.nl", "a-long-passphrase-1"
    )
    return log_in(page, live_server, user)


def test_collective_change_page_draws_its_point_on_the_map(admin_page):
    collective = CollectiveFactory(name="Kaartpand")
    admin_page.goto(
        f"/{settings.ADMIN_URL}collectives/collective/{collective.pk}/change/"
    )
    # The widget's map exists and shows the point as a Leaflet marker.
    admin_page.locator("#id_location-map.leaflet-container").wait_for()
    admin_page.locator("#id_location-map .leaflet-marker-icon").first.wait_for()
    stored = json.loads(admin_page.locator("#id_location").input_value())
    assert stored["type"] == "Point"
    assert stored["coordinates"] == pytest.approx(
        [collective.location.x, collective.location.y], abs=1e-5
    )


def test_area_change_page_draws_its_outline(admin_page):
    area = AreaFactory(name="Testgebied")
    admin_page.goto(f"/{settings.ADMIN_URL}collectives/area/{area.pk}/change/")
    admin_page.locator("[id$='-map'].leaflet-container").first.wait_for()
    admin_page.locator("[id$='-map'] path.leaflet-interactive").first.wait_for()
