"""The value fan, the ladder and the regie/samenwerking scatter, drawn by the
vendored plotly.js bundle in Chromium, against their accessible tables."""

from __future__ import annotations

import gzip
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("six_cases_live")]

JS_BUDGET_BYTES = 600 * 1024


def _ready(page: Page, chart_id: str) -> None:
    # Charts are drawn as they come near the viewport, as a person scrolls.
    chart = page.locator(f"#{chart_id}")
    chart.scroll_into_view_if_needed()
    expect(chart).to_have_attribute("data-state", "ready")


def test_fan_draws_one_blade_per_theme_with_a_value_matching_the_table(page: Page):
    page.goto("/collectieven/hof-van-cartesius/")
    _ready(page, "fan-chart")
    rows = page.locator("#fan-table tbody tr")
    reaches = rows.locator("td[data-reach]")
    with_value = [
        r for r in reaches.evaluate_all("cells => cells.map(c => c.dataset.reach)") if r
    ]
    assert rows.count() == 9  # every theme has a row, with or without value
    assert 0 < len(with_value) < 9
    blades = page.locator("#fan-chart .barlayer .trace path")
    expect(blades).to_have_count(len(with_value))
    # The blades are drawn in the themes' colours, in the table's order.
    fills = blades.evaluate_all("paths => paths.map(p => p.style.fill)")
    swatches = rows.locator(".swatch").evaluate_all(
        "spans => spans.map(s => getComputedStyle(s).backgroundColor)"
    )
    row_has_value = reaches.evaluate_all("cells => cells.map(c => !!c.dataset.reach)")
    assert fills == [c for c, has in zip(swatches, row_has_value, strict=True) if has]


def test_fan_overlays_a_second_assessment(page: Page, django_db_blocker):
    from valuefan.models import Assessment, ValueReach

    with django_db_blocker.unblock():
        first = Assessment.objects.get(collective__slug="keilepand")
        second = Assessment.objects.create(
            collective=first.collective,
            assessed_on="2025-06-01",
            assessor_kind="self",
            assessor="Keilecollectief",
        )
        for reach in first.reaches.all():
            ValueReach.objects.create(
                assessment=second, theme=reach.theme, reach=min(reach.reach + 1, 5)
            )
    page.goto("/collectieven/keilepand/")
    page.get_by_label("Vergelijken met").select_option(str(first.pk))
    page.get_by_role("button", name="Tonen").click()
    _ready(page, "fan-chart")
    expect(page.locator("#fan-chart .scatterlayer .trace")).to_have_count(1)
    expect(page.locator("#fan-table thead th")).to_have_count(4)


def test_ladder_history_and_positions_are_drawn(page: Page):
    page.goto("/collectieven/keilewerf/")
    _ready(page, "ladder-chart")
    _ready(page, "positions-chart")
    expect(page.locator("#ladder-table tbody tr")).to_have_count(1)
    expect(page.locator(".ladder-current")).to_contain_text("Trede 4 van 7")
    highlighted = page.locator("#positions-table tr.is-highlighted th")
    expect(highlighted).to_contain_text("Keilewerf")
    # One marker per case in the scatter, the highlighted one in its own trace.
    points = page.locator("#positions-chart .scatterlayer .trace .point")
    expect(points).to_have_count(page.locator("#positions-table tbody tr").count())


def test_cross_case_page_draws_the_regie_samenwerking_scatter(page: Page):
    page.goto("/casussen/")
    _ready(page, "positions-chart")
    expect(page.locator("#positions-table tbody tr")).to_have_count(6)


def test_ladder_page_places_the_six_cases(page: Page):
    page.goto("/participatieladder/")
    placed = page.locator(".ladder-step .placed a")
    expect(placed).to_have_count(6)
    expect(page.locator("#trede-7 .placed a")).to_have_count(0)


def test_chart_downloads_offer_svg_png_and_csv(page: Page):
    page.goto("/collectieven/keilepand/")
    _ready(page, "fan-chart")
    with page.expect_download() as svg:
        page.locator('[data-download-chart="fan-chart"][data-format="svg"]').click()
    assert svg.value.suggested_filename == "keilepand-waardewaaier.svg"
    with page.expect_download() as png:
        page.locator('[data-download-chart="fan-chart"][data-format="png"]').click()
    assert png.value.suggested_filename == "keilepand-waardewaaier.png"
    with page.expect_download() as csv_file:
        page.locator("#waardewaaier a[download]").click()
    text = open(csv_file.value.path(), encoding="utf-8-sig").read()
    assert "Keilepand" in text
    assert "Programmering en ontmoeting" in text


def test_profile_transfers_at_most_600_kb_of_compressed_javascript(page: Page):
    page.goto("/collectieven/keilepand/")
    _ready(page, "fan-chart")
    scripts = page.evaluate(
        "() => performance.getEntriesByType('resource')"
        ".filter(e => e.initiatorType === 'script').map(e => e.name)"
    )
    total = 0
    for url in scripts:
        path = urlsplit(url).path.removeprefix(
            settings.STATIC_URL
            if settings.STATIC_URL.startswith("/")
            else "/" + settings.STATIC_URL
        )
        with open(finders.find(path), "rb") as handle:
            total += len(gzip.compress(handle.read(), compresslevel=9))
    assert any("plotly" in url for url in scripts)
    assert total <= JS_BUDGET_BYTES, f"{total / 1024:.0f} KB of gzipped JavaScript"
