"""Comparing from the map in Chromium: pick two collectives in their popups,
compare them, see two value fans overlaid, and download the comparison."""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest
from playwright.sync_api import Page, expect

from .test_pages import click_marker, open_map, wait_for_map_to_settle

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("six_cases_live")]


def _pick_on_map(page: Page, name: str) -> None:
    wait_for_map_to_settle(page)
    click_marker(page, name)
    # The previous popup may still be fading out: take the one for this name.
    popup = page.locator(
        ".leaflet-popup .map-popup", has=page.locator("strong", has_text=name)
    )
    expect(popup).to_be_visible()
    wait_for_map_to_settle(page)
    popup.locator(".add-to-compare").click()
    expect(popup.locator(".add-to-compare")).to_have_text("Toegevoegd aan vergelijking")


def test_pick_two_on_the_map_compare_and_download(page: Page):
    open_map(page, "/?city=Rotterdam")
    _pick_on_map(page, "Hillevliet")
    _pick_on_map(page, "De Kroon")
    expect(page.locator("#pick-de-kroon")).to_be_checked()
    expect(page.locator("#pick-hillevliet")).to_be_checked()

    page.get_by_role("button", name="Selectie vergelijken").click()
    expect(page).to_have_url(re.compile(r"/vergelijk/\?c=de-kroon&c=hillevliet$"))
    header = page.locator("#compare-table thead th")
    expect(header).to_have_text(["De Kroon", "Hillevliet"])

    chart = page.locator("#fans-chart")
    expect(chart).to_have_attribute("data-state", "ready")
    expect(chart.locator(".scatterlayer .trace")).to_have_count(2)
    expect(chart.locator(".legend .traces")).to_have_count(2)

    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").first.click()
    with open(download.value.path(), encoding="utf-8-sig") as handle:
        frame = pd.read_csv(io.StringIO(handle.read()), comment="#")
    assert set(frame["Collectief"]) == {"De Kroon", "Hillevliet"}


def test_add_to_comparison_from_a_profile_and_the_table(page: Page):
    page.goto("/collectieven/keilepand/")
    page.get_by_role("link", name="Toevoegen aan vergelijking").click()
    expect(page.locator("#compare-table")).to_have_count(0)
    expect(page.get_by_role("alert")).to_contain_text("minstens 2")
    page.get_by_label("De Kroon").check()
    page.get_by_role("button", name="Vergelijken", exact=True).click()
    expect(page.locator("#compare-table thead th")).to_have_text(
        ["Keilepand", "De Kroon"]
    )

    page.goto("/collectieven/")
    page.get_by_label("Keilewerf I-II vergelijken").check()
    page.get_by_label("Werkspoorkwartier vergelijken").check()
    page.get_by_role("button", name="Selectie vergelijken").click()
    expect(page.locator("#compare-table thead th")).to_have_count(2)


def test_area_pages_and_area_comparison(page: Page):
    page.goto("/gebieden/")
    expect(page.locator("#areas-map")).to_have_attribute("data-state", "ready")
    page.get_by_label("Keilekwartier vergelijken").check()
    page.get_by_label("Werkspoorkwartier vergelijken").check()
    page.get_by_role("button", name="Geselecteerde gebieden vergelijken").click()
    expect(page.locator("#area-compare-table thead th")).to_have_text(
        ["Keilekwartier", "Werkspoorkwartier"]
    )
    expect(page.locator("#fans-chart")).to_have_attribute("data-state", "ready")

    page.goto("/gebieden/keilekwartier/")
    expect(page.locator("#area-map")).to_have_attribute("data-state", "ready")
    expect(page.locator("#area-map .collective-marker")).to_have_count(2)
    expect(page.locator("#area-totals")).to_contain_text("99")  # 19 + 80 entrepreneurs
