"""The real pages in headless Chromium, with the six whitepaper cases loaded.

Assertions on interface text that is still being translated use the structure
or the data (names, numbers, Dutch dates from the fixture) rather than labels.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import SCREENS

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("six_cases_live")]

MAP = "#collectives-map"
MAP_READY = '#collectives-map[data-state="ready"]'


# Leaflet pans and zooms with CSS animations; a click aimed while the map moves
# lands wherever the target was. This flags the map container while it moves
# (map:init is django-leaflet's event; init scripts run before the page's own).
TRACK_MAP_MOTION = """
window.addEventListener("map:init", function (event) {
  var map = event.detail.map, box = map.getContainer();
  map.on("movestart", function () { box.setAttribute("data-moving", "true"); });
  map.on("moveend", function () { box.setAttribute("data-moving", "false"); });
});
"""


def open_map(page: Page, path: str = "/") -> None:
    page.add_init_script(TRACK_MAP_MOTION)
    page.goto(path)
    page.wait_for_selector(MAP_READY)


def wait_for_map_to_settle(page: Page, map_selector: str = MAP) -> None:
    page.wait_for_selector(f'{map_selector}:not([data-moving="true"])')


def click_marker(page: Page, name: str) -> None:
    """Click a collective's marker as a person would: with the mouse, where its
    dot is drawn. The markers are painted on a canvas; the transparent keyboard
    handle over each one in view (which ignores the mouse) tells where."""
    handle = page.locator(f'{MAP} .collective-marker-handle[title="{name}"]')
    wait_for_map_to_settle(page)
    # Markers that would overlap are clustered: zoom in as a person would, by
    # clicking the cluster (the tests filter the map so the way is clear).
    for _attempt in range(4):
        if handle.count():
            break
        cluster = page.locator(f"{MAP} .marker-cluster").first
        cluster.scroll_into_view_if_needed()
        cluster.click()
        wait_for_map_to_settle(page)
    expect(handle).to_have_count(1)
    frame = page.locator(MAP).bounding_box()
    x, y = _centre(handle.bounding_box())
    if not (
        frame["x"] + 20 < x < frame["x"] + frame["width"] - 20
        and frame["y"] + 20 < y < frame["y"] + frame["height"] - 20
    ):
        # Out of view (an open popup panned the map): close the popup and drag
        # the map until the marker is in the middle.
        close = page.locator(f"{MAP} .leaflet-popup-close-button")
        if close.count():
            close.click()
        cx, cy = _centre(frame)
        page.mouse.move(cx, cy)
        page.mouse.down()
        page.mouse.move(cx + (cx - x), cy + (cy - y), steps=10)
        page.mouse.up()
        wait_for_map_to_settle(page)
    # Scroll the page (not the map) so the marker is in the window.
    handle.scroll_into_view_if_needed()
    page.mouse.click(*_centre(handle.bounding_box()))


def _centre(box: dict) -> tuple[float, float]:
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def test_map_shows_markers_areas_and_list_and_links_to_a_profile(page: Page):
    open_map(page)

    # Six collectives, painted with the area outlines on one canvas: each marker
    # in view has a focusable handle named after it; markers that would overlap
    # at this zoom (Keilepand and Keilewerf are 68 m apart) form a cluster.
    expect(page.locator(f"{MAP} canvas.leaflet-zoom-animated")).to_have_count(1)
    expect(page.locator("#collective-list > li")).to_have_count(6)
    handles = page.locator(f"{MAP} .collective-marker").count()
    clustered = sum(
        int(t) for t in page.locator(f"{MAP} .marker-cluster").all_inner_texts()
    )
    assert handles + clustered == 6
    assert page.locator(f"{MAP} .marker-cluster").count() >= 1

    open_map(page, "/?city=Utrecht")
    click_marker(page, "Hof van Cartesius")
    popup = page.locator(".leaflet-popup .map-popup")
    expect(popup).to_be_visible()
    expect(popup.locator("strong")).to_have_text("Hof van Cartesius")
    # The popup pans the map to fit (autoPan): follow the link once it stops.
    wait_for_map_to_settle(page)

    popup.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/collectieven/hof-van-cartesius/$"))
    expect(page.locator("h1")).to_have_text("Hof van Cartesius")


def test_city_filter_narrows_map_and_list(page: Page):
    open_map(page)

    page.select_option("#id_city", "Utrecht")
    page.locator("form.filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"[?&]city=Utrecht"))
    page.wait_for_selector(MAP_READY)

    expect(page.locator(f"{MAP} .collective-marker")).to_have_count(2)
    expect(page.locator("#collective-list > li")).to_have_count(2)
    expect(
        page.locator(f'{MAP} .collective-marker[title="Hof van Cartesius"]')
    ).to_have_count(1)
    expect(
        page.locator(f'{MAP} .collective-marker[title="Werkspoorkwartier"]')
    ).to_have_count(1)
    expect(page.locator("#id_city")).to_have_value("Utrecht")


def test_profile_shows_facts_and_map(page: Page):
    page.goto("/collectieven/keilepand/")

    expect(page.locator("h1")).to_have_text("Keilepand")
    facts = page.locator(".facts-list").first
    for fact in ("Keilestraat 7-9", "19", "Keilers", "15.000 m²", "2015"):
        expect(facts).to_contain_text(fact)

    page.wait_for_selector('#profile-map[data-state="ready"]')
    marker = page.locator("#profile-map .collective-marker")
    expect(marker).to_have_count(1)
    expect(marker).to_have_attribute("title", "Keilepand")
    # Its area, the Keilekwartier, is outlined too.
    assert page.locator("#profile-map path.leaflet-interactive").count() >= 1


def test_profile_timeline_shows_the_fire(page: Page):
    page.goto("/collectieven/keilewerf/")

    fire = page.locator(".timeline li", has_text="Brand verwoest Keilewerf I")
    expect(fire.locator("time")).to_have_text("28 juni 2023")
    expect(fire.locator("time")).to_have_attribute("datetime", "2023-06-28")


def test_copy_citation_button(page: Page):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/collectieven/keilepand/")

    button = page.locator('button[data-copy-target="profile-citation"]')
    label = button.inner_text()
    button.click()
    expect(button).not_to_have_text(label)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "Keilepand" in copied
    assert "/collectieven/keilepand/" in copied


def test_language_switch_to_english(page: Page):
    page.goto("/collectieven/keilepand/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/collectieven/keilepand/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Map", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Collectives", exact=True)).to_be_visible()
    expect(nav.get_by_role("link", name="Map", exact=True)).to_have_attribute(
        "href", "/en/"
    )
    expect(page.get_by_role("link", name="English")).to_have_attribute(
        "aria-current", "true"
    )


def test_language_switch_back_to_dutch(page: Page):
    page.goto("/en/collectieven/keilepand/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    with page.expect_navigation():
        page.get_by_role("link", name="Nederlands").click()
    assert re.fullmatch(r"http://[^/]+/collectieven/keilepand/", page.url), page.url
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("link", name="Nederlands")).to_have_attribute(
        "aria-current", "true"
    )


ENTREPRENEURS_HEADER = "#collective-table thead th:has(a[href$='entrepreneurs'])"


def _first_row(page: Page) -> tuple[str, str]:
    """The first row's name and its value in the entrepreneurs column, found by
    the header's position (columns may be added before it)."""
    column = page.locator(ENTREPRENEURS_HEADER).evaluate("th => th.cellIndex")
    row = page.locator("#collective-table tbody tr").first
    name = row.locator('th[scope="row"]').inner_text()
    return name, row.locator(":scope > *").nth(column).inner_text()


def test_table_sorts_by_entrepreneurs_ascending(page: Page):
    page.goto("/collectieven/")
    expect(page.locator("#collective-table tbody tr")).to_have_count(6)
    header = page.locator(ENTREPRENEURS_HEADER)

    header.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"[?&]sort=entrepreneurs$"))
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert _first_row(page) == ("Keilepand", "19")


def test_table_sorts_by_entrepreneurs_descending(page: Page):
    page.goto("/collectieven/?sort=entrepreneurs")
    header = page.locator(ENTREPRENEURS_HEADER)
    expect(header).to_have_attribute("aria-sort", "ascending")

    header.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"[?&]sort=-entrepreneurs$"))
    expect(header).to_have_attribute("aria-sort", "descending")
    assert _first_row(page) == ("De Kroon", "120")


def test_cross_case_table_groups_primary_and_comparison_cases(page: Page):
    page.goto("/casussen/")

    table = page.locator("#cross-case-table")
    groups = table.locator('thead th[scope="colgroup"]')
    expect(groups).to_have_count(2)
    expect(groups.nth(0)).to_have_attribute("colspan", "4")
    expect(groups.nth(1)).to_have_attribute("colspan", "2")
    # The labels may still be translated; the city names stay.
    expect(groups.nth(0)).to_contain_text("Rotterdam")
    expect(groups.nth(1)).to_contain_text("Utrecht")

    cases = table.locator('thead th[scope="col"]')
    expect(cases).to_have_text(
        [
            "Keilepand",
            "Keilewerf I-II",
            "De Kroon",
            "Hillevliet",
            "Hof van Cartesius",
            "Werkspoorkwartier",
        ]
    )
    # Every row has a cell for each case.
    for row in table.locator("tbody tr").all():
        expect(row.locator("td")).to_have_count(6)


ALL_READY = """() => [...document.querySelectorAll("[data-state]")]
    .every((element) => element.dataset.state === "ready")"""


def test_screenshots(page: Page):
    """Not asserted: pictures for a person to look at, once maps and charts
    have drawn."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    for name, path in [
        ("map", "/"),
        ("profile-keilepand", "/collectieven/keilepand/"),
        ("cross-case", "/casussen/"),
    ]:
        page.goto(path)
        page.wait_for_function(ALL_READY)
        page.screenshot(path=SCREENS / f"{name}.png", full_page=True)


def test_area_names_are_text_in_map_tooltips(page: Page, django_db_blocker):
    from collectives.models import Area

    with django_db_blocker.unblock():
        Area.objects.update(name='<img src=x id="injected" onerror="window.pwned=1">')
    # On an area's page its outline fills the map: hovering it opens the tooltip.
    page.goto("/gebieden/keilekwartier/")
    area_map = page.locator("#area-map")
    expect(area_map).to_have_attribute("data-state", "ready")
    box = area_map.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.5)
    tooltip = page.locator("#area-map .leaflet-tooltip")
    expect(tooltip).to_contain_text('<img src=x id="injected"')
    expect(page.locator("#injected")).to_have_count(0)
    assert page.evaluate("window.pwned") is None
