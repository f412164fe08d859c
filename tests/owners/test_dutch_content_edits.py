"""Owners edit a collective's Dutch content (the original), also from the
English pages; the English translation is left alone, and the diff, the
moderation and the history pages show the values (issue “Readings you can
trust”: English content with django-modeltranslation)."""

import pytest
from django.urls import reverse

from .helpers import edit_form_data, propose

pytestmark = pytest.mark.django_db


def url(name, collective):
    return reverse(f"contributions:{name}", kwargs={"slug": collective.slug})


@pytest.fixture
def translated(published):
    published.description_nl = "Een werkpand voor makers."
    published.description_en = "A work building for makers."
    published.save()
    return published


def test_the_edit_form_starts_from_the_dutch_text_on_an_english_page(translated):
    data = edit_form_data(translated)
    assert data["description"] == "Een werkpand voor makers."


def test_an_approved_change_writes_the_dutch_field_and_keeps_the_english(
    owner_client, moderator_client, owner, translated
):
    response = owner_client.post(
        url("owner-edit", translated),
        edit_form_data(translated, description="Een werkpand voor alle makers."),
    )
    assert response.status_code == 302
    (change,) = translated.proposed_changes.all()
    assert change.data == {"description": "Een werkpand voor alle makers."}

    review = moderator_client.get(
        reverse("contributions:moderate-change", args=[change.pk])
    ).content.decode()
    assert "Een werkpand voor makers." in review  # the current Dutch value
    assert "Een werkpand voor alle makers." in review

    moderator_client.post(
        reverse("contributions:moderate-change", args=[change.pk]),
        {"decision": "approve"},
    )
    translated.refresh_from_db()
    assert translated.description_nl == "Een werkpand voor alle makers."
    assert translated.description_en == "A work building for makers."

    history = owner_client.get(url("owner-history", translated))
    assert history.status_code == 200
    approved = history.context["rows"][0]
    assert "approved by a moderator" in str(approved["reason"])
    assert approved["changed"].count("Description") == 1
    record = translated.history.first()
    assert record.description_nl == "Een werkpand voor alle makers."
    assert record.description_en == "A work building for makers."


def test_the_pending_diff_compares_with_the_dutch_text(owner_client, owner, translated):
    propose(translated, owner, description="Nieuwe tekst.")
    page = owner_client.get(url("owner-collective", translated))
    (pending,) = page.context["pending"]
    (row,) = pending.diff
    assert row["current"] == "Een werkpand voor makers."
    assert row["proposed"] == "Nieuwe tekst."
