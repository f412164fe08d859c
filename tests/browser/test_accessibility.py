"""WCAG 2.1 AA checks of the public pages in headless Chromium.

axe-core (bundled in the PyPI package axe-playwright-python, so this runs
offline) audits each page once its maps and charts are drawn; a test fails with
every violation's rule, impact and target selectors. Further tests check what
axe cannot: keyboard use of the map, forms, language switch and chart
downloads, visible focus, and reflow at 320 CSS pixels (WCAG 1.4.10).
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("six_cases_live")]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

# No rule is switched off and no element left out: Leaflet's controls and
# plotly's SVG and mode bar pass as they are, with the page's own scripts
# doing their part (charts.js names the plot SVG as one image, the map scripts
# translate Leaflet's control labels). Should a third-party widget ever need
# an exclusion, add its narrowest selector here with the reason beside it
# (axe context "exclude" lists, e.g. [".chart .some-plotly-part"]).
AXE_EXCLUDE: list[list[str]] = []

PAGES = {
    "map": "/",
    "map-filtered": "/?city=Utrecht",
    "list": "/collectieven/",
    "list-filter-error": "/collectieven/?city=Nowhere",
    "profile-keilepand": "/collectieven/keilepand/",
    "profile-werkspoorkwartier": "/collectieven/werkspoorkwartier/",
    "cross-case": "/casussen/",
    "ladder": "/participatieladder/",
    "compare-empty": "/vergelijk/",
    "compare-one": "/vergelijk/?c=keilepand",
    "compare-two": "/vergelijk/?c=keilepand&c=hof-van-cartesius",
    "areas": "/gebieden/",
    "area": "/gebieden/keilekwartier/",
    "area-compare": "/gebieden/vergelijk/?a=keilekwartier&a=werkspoorkwartier",
    "en-map": "/en/",
    "en-profile": "/en/collectieven/keilepand/",
    "en-compare-two": "/en/vergelijk/?c=keilepand&c=hof-van-cartesius",
    "en-area": "/en/gebieden/keilekwartier/",
    "en-cross-case": "/en/casussen/",
}
NOT_FOUND = "/collectieven/bestaat-niet/"

# Every map (django-leaflet's container) and every chart sets data-state="ready"
# once drawn; until then axe would see half a page.
ALL_DRAWN = """() => [...document.querySelectorAll('.leaflet-container, .chart[data-figure]')]
  .every((el) => ['ready', 'empty'].includes(el.getAttribute('data-state')))"""


def open_drawn(page: Page, path: str) -> None:
    page.goto(path)
    # Charts are drawn as they come near the viewport (static/js/charts.js):
    # scroll past each, as a reader would.
    for chart in page.locator(".chart[data-figure]").all():
        chart.scroll_into_view_if_needed()
    page.wait_for_function(ALL_DRAWN)


def axe_violations(page: Page) -> list[dict]:
    page.evaluate(AXE_SCRIPT)
    results = page.evaluate(
        "([exclude, tags]) => axe.run({include: [document], exclude: exclude},"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        [AXE_EXCLUDE, AXE_TAGS],
    )
    return results["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"]:
            target = " ".join(
                " >> ".join(t) if isinstance(t, list) else t for t in node["target"]
            )
            lines.append(f"    {target}")
    return "\n".join(lines)


def assert_no_violations(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, (
        f"{len(violations)} axe violation(s) on {page.url}:\n{describe(violations)}"
    )


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_has_no_axe_violations(page: Page, path: str):
    open_drawn(page, path)
    assert_no_violations(page)


def test_not_found_page_has_no_axe_violations(page: Page, page_watch):
    response = page.goto(NOT_FOUND)
    assert response.status == 404
    # The 404 is what this test asks for: not a failed response of the page.
    page_watch.bad_responses = [
        r for r in page_watch.bad_responses if not r.endswith(NOT_FOUND)
    ]
    page_watch.console_errors = [
        e for e in page_watch.console_errors if f"{NOT_FOUND})" not in e
    ]
    expect(page.locator("h1")).to_be_visible()
    assert_no_violations(page)


# Reflow (WCAG 1.4.10): at 320 CSS pixels nothing may make the whole page scroll
# sideways; wide tables scroll inside their own container (.table-scroll).
REFLOW_PAGES = {
    k: PAGES[k]
    for k in (
        "map",
        "list",
        "profile-keilepand",
        "cross-case",
        "ladder",
        "compare-two",
        "areas",
        "area",
        "area-compare",
        "en-profile",
    )
}


@pytest.mark.parametrize("path", REFLOW_PAGES.values(), ids=REFLOW_PAGES.keys())
def test_page_reflows_at_320_pixels(page: Page, path: str):
    page.set_viewport_size({"width": 320, "height": 640})
    open_drawn(page, path)
    overflow = page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const wide = [...document.querySelectorAll('body *')].filter((el) => {
            const box = el.getBoundingClientRect();
            if (!box.width || box.right <= width + 1) return false;
            // Inside a scroll container of its own, or clipped by an ancestor: fine.
            for (let up = el.parentElement; up; up = up.parentElement) {
              const style = getComputedStyle(up);
              if (up.getBoundingClientRect().right <= width + 1
                  && /(auto|scroll|hidden|clip)/.test(style.overflowX)) return false;
            }
            return true;
          });
          return {
            scrollWidth: document.documentElement.scrollWidth,
            width: width,
            wide: wide.slice(0, 10).map((el) => el.tagName.toLowerCase()
              + (el.id ? '#' + el.id : '')
              + (el.className && typeof el.className === 'string'
                 ? '.' + el.className.trim().split(/\\s+/).join('.') : '')),
          };
        }"""
    )
    assert overflow["scrollWidth"] <= overflow["width"], overflow
    # Narrow layouts bring their own rules into play (scrollable table boxes).
    assert_no_violations(page)


# Keyboard use ----------------------------------------------------------------


def tab_until(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching selector has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(
            "(sel) => document.activeElement && document.activeElement.matches(sel)",
            selector,
        ):
            return
    raise AssertionError(f"{selector} not reached with {limit} presses of Tab")


def focus_is_visible(page: Page) -> bool:
    """The focused element draws an outline or a box shadow (:focus-visible)."""
    return page.evaluate(
        """() => {
          const style = getComputedStyle(document.activeElement);
          return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2)
            || style.boxShadow !== 'none';
        }"""
    )


def test_skip_link_is_first_and_visible_on_focus(page: Page):
    page.goto("/collectieven/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_map_markers_are_reachable_with_tab_and_open_with_enter(page: Page):
    # Keilepand and Keilewerf, 68 m apart, share a cluster at first: Enter on
    # it zooms in, and the markers are reached with Tab.
    open_drawn(page, "/?q=Keile")
    tab_until(page, "#collectives-map .marker-cluster")
    page.keyboard.press("Enter")
    marker = '#collectives-map .collective-marker[title="Keilepand"]'
    page.locator(marker).wait_for(state="attached")
    tab_until(page, marker)
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup .map-popup")
    expect(popup).to_be_visible()
    expect(popup.locator("strong")).to_have_text("Keilepand")
    # The popup takes the focus on its link; its compare button comes next.
    expect(popup.get_by_role("link")).to_be_focused()
    assert focus_is_visible(page)
    page.keyboard.press("Tab")
    button = popup.get_by_role("button")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#pick-keilepand")).to_be_checked()
    # Escape closes the popup and gives the focus back to the marker.
    page.keyboard.press("Escape")
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    expect(page.locator(marker)).to_be_focused()
    # Leaflet's own controls speak the page's language.
    expect(page.locator(".leaflet-control-zoom-in")).to_have_attribute(
        "aria-label", "Inzoomen"
    )


def test_area_map_markers_open_their_popup_with_the_keyboard(page: Page):
    open_drawn(page, "/gebieden/keilekwartier/")
    marker = '#area-map .collective-marker[title="Keilepand"]'
    tab_until(page, marker)
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup").get_by_role("link", name="Keilepand")
    expect(link).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator(".leaflet-popup")).to_have_count(0)
    expect(page.locator(marker)).to_be_focused()


def test_filter_form_works_with_the_keyboard(page: Page):
    open_drawn(page, "/")
    tab_until(page, "#id_city")
    assert focus_is_visible(page)
    page.keyboard.press("U")  # type-ahead in the closed list: Utrecht
    expect(page.locator("#id_city")).to_have_value("Utrecht")
    tab_until(page, "form.filters button[type=submit]")
    assert focus_is_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]city=Utrecht"))
    page.wait_for_function(ALL_DRAWN)
    expect(page.locator("#collective-list > li")).to_have_count(2)


def test_language_switch_works_with_the_keyboard(page: Page):
    page.goto("/collectieven/keilepand/")
    tab_until(page, '.language-switch a[hreflang="en"]')
    assert focus_is_visible(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="English")).to_have_attribute(
        "aria-current", "true"
    )


def test_compare_checkboxes_work_with_the_keyboard(page: Page):
    page.goto("/collectieven/")
    tab_until(page, "#pick-keilepand")
    assert focus_is_visible(page)
    page.keyboard.press("Space")
    tab_until(page, "#pick-hof-van-cartesius")
    page.keyboard.press("Space")
    tab_until(page, "#compare-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/vergelijk/\?"))
    expect(page.locator("#compare-table thead th")).to_have_count(2)


def test_chart_download_buttons_work_with_the_keyboard(page: Page):
    open_drawn(page, "/collectieven/keilepand/")
    tab_until(page, '[data-download-chart="fan-chart"][data-format="svg"]')
    assert focus_is_visible(page)
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".svg")
