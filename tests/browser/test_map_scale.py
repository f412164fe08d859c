"""The map with a few hundred collectives in Chromium: markers drawn on a canvas
and clustered, clusters that zoom in when clicked, and popups that still open with
the right name and link (bench/map_interactive.py times the same at 10 000)."""

from __future__ import annotations

import math
import re

import pytest
from django.contrib.gis.geos import Point
from playwright.sync_api import Page, expect

from collectives.models import Collective
from tests.factories import (
    AreaFactory,
    CollectiveFactory,
    OrganisationFactory,
    SourceFactory,
)

from .test_pages import MAP, click_marker, open_map, wait_for_map_to_settle

pytestmark = pytest.mark.browser

COUNT = 300
# Every collective in a few cities, so they cluster; one far from the rest, in
# Groningen, stays a single marker at the zoom that fits the whole country.
CITIES = [
    ("Rotterdam", 4.47, 51.92),
    ("Utrecht", 5.12, 52.09),
    ("Eindhoven", 5.48, 51.44),
]
LONE = ("Het Eenzame Pand", "het-eenzame-pand", 6.9, 53.35)


@pytest.fixture
def many_collectives(transactional_db):
    area = AreaFactory()
    operator = OrganisationFactory()
    source = SourceFactory()
    collectives = []
    for n in range(COUNT - 1):
        city, lon, lat = CITIES[n % len(CITIES)]
        # A spiral around the city centre: a few hundred metres to ~5 km apart.
        angle, reach = n * 2.4, 0.004 * math.sqrt(n)
        collectives.append(
            CollectiveFactory.build(
                name=f"Collectief {n:03d}",
                slug=f"collectief-{n:03d}",
                city=city,
                location=Point(
                    lon + reach * math.cos(angle),
                    lat + reach * math.sin(angle),
                    srid=4326,
                ),
                area=area,
                operator=operator,
                source=source,
            )
        )
    name, slug, lon, lat = LONE
    collectives.append(
        CollectiveFactory.build(
            name=name,
            slug=slug,
            city="Groningen",
            location=Point(lon, lat, srid=4326),
            area=area,
            operator=operator,
            source=source,
        )
    )
    Collective.objects.bulk_create(collectives)


def show_whole_map(page: Page) -> None:
    # Scroll the page as a reader would: at 1280×900 the map's bottom is below
    # the fold, and clicks there would miss.
    page.locator(MAP).evaluate("(el) => el.scrollIntoView({block: 'center'})")


def cluster_counts(page: Page) -> list[int]:
    return [int(t) for t in page.locator(f"{MAP} .marker-cluster").all_inner_texts()]


@pytest.mark.usefixtures("many_collectives")
def test_a_few_hundred_collectives_are_clustered_and_still_open_popups(page: Page):
    open_map(page)
    show_whole_map(page)

    expect(page.locator("#map-status")).to_have_text(
        f"{COUNT} collectieven op de kaart."
    )
    # Clusters, not hundreds of markers: each a focusable button with its count,
    # together holding every collective but the lone one.
    clusters = page.locator(f"{MAP} .marker-cluster")
    expect(clusters.first).to_be_visible()
    assert 1 <= clusters.count() <= 20
    assert sum(cluster_counts(page)) == COUNT - 1
    expect(clusters.first).to_have_attribute("role", "button")
    expect(clusters.first).to_have_attribute("tabindex", "0")
    # Markers are painted on the canvas; only the lone one in view has a handle.
    handles = page.locator(f"{MAP} .collective-marker-handle")
    expect(handles).to_have_count(1)
    expect(handles).to_have_attribute("title", LONE[0])

    # The lone marker opens its popup with its name and a link to its profile.
    click_marker(page, LONE[0])
    popup = page.locator(".leaflet-popup .map-popup")
    expect(popup.locator("strong")).to_have_text(LONE[0])
    expect(popup.get_by_role("link")).to_have_attribute(
        "href", f"/collectieven/{LONE[1]}/"
    )
    # It has the focus on its link; Escape closes it.
    expect(popup.get_by_role("link")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".leaflet-popup")).to_have_count(0)

    # Clicking the biggest cluster zooms in: it splits into smaller ones.
    biggest = max(cluster_counts(page))
    page.locator(f"{MAP} .marker-cluster", has_text=re.compile(rf"^{biggest}$")).click()
    page.wait_for_function(
        """([sel, biggest]) => {
          const counts = [...document.querySelectorAll(sel)].map((e) => +e.textContent);
          return counts.length > 0 && Math.max(...counts) < biggest;
        }""",
        arg=[f"{MAP} .marker-cluster", biggest],
    )
    wait_for_map_to_settle(page)


def _click_cluster(page: Page, pick: str) -> None:
    """Click (with the mouse) the cluster that `pick` chooses: "south", the one
    lowest on screen, or "centre", the one nearest the middle of the map."""
    point = page.evaluate(
        """([sel, map, pick]) => {
          const frame = document.querySelector(map).getBoundingClientRect();
          const mx = frame.x + frame.width / 2, my = frame.y + frame.height / 2;
          const boxes = [...document.querySelectorAll(sel)].map((e) => e.getBoundingClientRect())
            .map((b) => [b.x + b.width / 2, b.y + b.height / 2])
            .filter(([x, y]) => x > frame.left && x < frame.right && y > frame.top && y < frame.bottom);
          const score = pick === "south" ? ([x, y]) => -y : ([x, y]) => Math.hypot(x - mx, y - my);
          boxes.sort((a, b) => score(a) - score(b));
          return boxes[0];
        }""",
        [f"{MAP} .marker-cluster", MAP, pick],
    )
    assert point, "no cluster in view"
    page.mouse.click(*point)
    wait_for_map_to_settle(page)
    # markercluster's own animation (clusters splitting) ends a little later.
    page.wait_for_selector(".leaflet-cluster-anim", state="detached")


@pytest.mark.usefixtures("many_collectives")
def test_a_clustered_collective_opens_its_popup_once_zoomed_in(page: Page):
    open_map(page)
    show_whole_map(page)
    # Into the southernmost cluster (Eindhoven), then cluster by cluster until
    # single markers show: their keyboard handles name them.
    handles = page.locator(f"{MAP} .collective-marker-handle")
    expect(handles).to_have_count(1)  # the lone one, in Groningen
    _click_cluster(page, "south")
    for _ in range(12):
        if handles.count() and handles.first.get_attribute("title") != LONE[0]:
            break
        _click_cluster(page, "centre")
    name = handles.first.get_attribute("title")
    assert name.startswith("Collectief "), name
    click_marker(page, name)
    popup = page.locator(".leaflet-popup .map-popup")
    expect(popup.locator("strong")).to_have_text(name)
    expect(popup.get_by_role("link")).to_have_attribute(
        "href", f"/collectieven/collectief-{name.split()[-1]}/"
    )
    popup.locator(".add-to-compare").click()
    expect(popup.locator(".add-to-compare")).to_have_text("Toegevoegd aan vergelijking")


@pytest.mark.usefixtures("many_collectives")
def test_clusters_are_reached_with_tab_and_zoom_in_with_enter(page: Page):
    open_map(page)
    show_whole_map(page)
    counts = cluster_counts(page)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate(
            "() => document.activeElement.matches('#collectives-map .marker-cluster')"
        ):
            break
    else:
        raise AssertionError("no cluster reached with Tab")
    focused = page.locator(f"{MAP} .marker-cluster:focus")
    expect(focused).to_have_attribute("role", "button")
    count = int(focused.inner_text())
    page.keyboard.press("Enter")
    # markercluster zooms in and gives the focus to the map, so Tab goes on
    # from there; the cluster that had it has split.
    expect(page.locator(MAP)).to_be_focused()
    # The zoom may start a frame after Enter: a settled map right away can
    # still be the old view, so wait (up to 5 s) for the view to change.
    for _ in range(50):
        wait_for_map_to_settle(page)
        after = cluster_counts(page)
        if max(after or [0]) < count or after != counts:
            break
        page.wait_for_timeout(100)
    assert max(after or [0]) < count or after != counts
