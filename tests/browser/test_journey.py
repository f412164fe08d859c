"""The whole journey of a collective in Chromium: sign up, confirm the e-mail
address from the outbox, register with a click on the map, submit; a moderator
approves; the collective is on the map, in the table and in the GeoJSON."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("six_cases_live")]
PASSWORD = "een-lang-wachtwoord-42"
NAME = "Werkplaats De Vonk"


def _link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def _moderator(django_db_blocker):
    with django_db_blocker.unblock():
        moderator = get_user_model().objects.create_user(
            username="mod", email="mod@example.nl", password=PASSWORD
        )
        moderator.groups.add(Group.objects.get_or_create(name="moderators")[0])
    return moderator


def _moderator_page(browser, live_server, moderator, django_db_blocker) -> Page:
    with django_db_blocker.unblock():
        client = Client()
        client.force_login(moderator)
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    return context.new_page()


def test_sign_up_register_moderate_and_appear_on_the_map(
    page: Page, browser, live_server, page_watch, django_db_blocker
):
    moderator = _moderator(django_db_blocker)
    # Sign up and confirm the address from the e-mail.
    page.goto("/en/account/signup/")
    page.locator('input[name="email"]').fill("vonk@example.nl")
    page.locator('input[name="password1"]').fill(PASSWORD)
    page.locator('input[name="password2"]').fill(PASSWORD)
    page.locator('form button[type="submit"]').last.click()
    expect(page).to_have_url(re.compile(r"/account/confirm-email/"))
    confirmation = next(m for m in mail.outbox if "vonk@example.nl" in m.to)
    page.goto(_link_in(confirmation))
    page.locator('form button[type="submit"]').last.click()

    # Register: name, kind, tenure and a point clicked on the map.
    page.goto("/en/aanmelden/")
    page.wait_for_selector('#id_location-map[data-state="ready"]')
    page.get_by_label("Name of the collective").fill(NAME)
    page.get_by_label("building", exact=True).check()
    page.get_by_label("rented, temporary (under 10 years)", exact=True).check()
    box = page.locator("#id_location-map").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_role("button", name="Start registration").click()
    # A draft's slug is its name plus a random part (the plain name on approval).
    page.wait_for_url(re.compile(r"/aanmelden/werkplaats-de-vonk-[0-9a-f]{6}/$"))
    page.locator('input[name="city"]').fill("Rotterdam")
    page.locator('select[name="governance"], input[name="governance"]').first.evaluate(
        "el => el.tagName === 'SELECT' ? (el.value = 'self_organised') : el.click()"
    )
    page.get_by_role("button", name="Continue to the self-assessment").click()
    page.get_by_role("button", name="Continue to check and submit").click()
    page.locator('input[name="publication_consent"]').check()
    page.get_by_role("button", name="Submit for moderation").click()
    expect(page.locator("h1")).to_have_text("Registration submitted")
    assert any(
        NAME in m.subject and m.to == ["mod@example.nl"] for m in mail.outbox
    )  # the moderators are told

    # Not public yet.
    page.goto("/api/v1/collectives.geojson")
    assert NAME not in page.content()

    # A moderator approves it.
    desk = _moderator_page(browser, live_server, moderator, django_db_blocker)
    desk.goto("/en/moderatie/")
    desk.get_by_role("link", name=re.compile(NAME)).first.click()
    desk.get_by_label("Approve", exact=True).check()
    desk.get_by_role("button", name="Save decision").click()
    desk.wait_for_load_state()
    desk.context.close()

    # On the map, in the table and in the GeoJSON.
    page.goto("/")
    page.wait_for_selector('#collectives-map[data-state="ready"]')
    expect(
        page.locator(f'#collectives-map .collective-marker[title="{NAME}"]')
    ).to_have_count(1)
    page.goto("/collectieven/")
    expect(page.locator("#collective-table")).to_contain_text(NAME)
    response = page.request.get("/api/v1/collectives.geojson")
    slugs = [f["properties"]["slug"] for f in response.json()["features"]]
    assert "werkplaats-de-vonk" in slugs
