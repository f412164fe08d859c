"""Reviewing owners' proposed changes (a diff against the published profile)
and claims."""

import pytest
from django.contrib.gis.geos import Point
from django.core import mail
from django.urls import reverse

from collectives.models import Claim, ProposedChange

from ..owners.helpers import edit_form_data, propose

pytestmark = pytest.mark.django_db


def change_url(change):
    return reverse("contributions:moderate-change", kwargs={"pk": change.pk})


def test_the_diff_shows_only_the_fields_that_change(moderator_client, owner, published):
    change = propose(
        published,
        owner,
        name="Het Nieuwe Werkpand",
        city=published.city,  # the same: no row
        founded_year=published.founded_year,  # the same: no row
        tenure="owned",
        tenure_end_date="2031-01-31",
    )

    page = moderator_client.get(change_url(change))

    assert page.status_code == 200
    diff = page.context["diff"]
    assert [row["name"] for row in diff] == ["name", "tenure", "tenure_end_date"]
    name = diff[0]
    assert (name["label"], name["current"], name["proposed"]) == (
        "Name",
        "Het Werkpand",
        "Het Nieuwe Werkpand",
    )
    assert diff[1]["current"] == "Rented, temporary (under 10 years)"
    assert diff[1]["proposed"] == "Owned by the collective"
    html = page.content.decode()
    assert "Het Nieuwe Werkpand" in html
    assert 'data-field="city"' not in html


def test_the_public_keeps_seeing_the_approved_version_while_a_change_waits(
    owner_client, client, published
):
    response = owner_client.post(
        reverse("contributions:owner-edit", args=[published.slug]),
        edit_form_data(published, name="Het Nieuwe Werkpand"),
    )
    assert response.status_code == 302

    profile = client.get(published.get_absolute_url()).content.decode()
    listing = client.get(reverse("collectives:list")).content.decode()
    assert "Het Werkpand" in profile
    assert "Het Nieuwe Werkpand" not in profile
    assert "Het Nieuwe Werkpand" not in listing
    published.refresh_from_db()
    assert published.name == "Het Werkpand"
    assert ProposedChange.objects.get().data == {"name": "Het Nieuwe Werkpand"}


def test_an_approved_change_is_applied_and_kept_in_the_history(
    moderator_client, owner, client, published
):
    assert published.history.count() == 1
    change = propose(
        published,
        owner,
        name="Het Nieuwe Werkpand",
        location="SRID=4326;POINT (4.5 51.95)",
        rent_eur_m2_year="52.50",
    )

    response = moderator_client.post(change_url(change), {"decision": "approve"})

    assert response.status_code == 302
    published.refresh_from_db()
    change.refresh_from_db()
    assert change.state == "approved"
    assert change.decided_by.email == "mod@example.nl"
    assert published.name == "Het Nieuwe Werkpand"
    assert published.location.equals_exact(Point(4.5, 51.95, srid=4326), 1e-9)
    assert str(published.rent_eur_m2_year) == "52.50"
    assert published.confirmed_at is not None
    records = list(published.history.order_by("history_date"))
    assert len(records) == 2
    assert records[0].name == "Het Werkpand"
    assert records[1].name == "Het Nieuwe Werkpand"
    assert records[1].history_user == owner
    assert (
        "Het Nieuwe Werkpand"
        in client.get(published.get_absolute_url()).content.decode()
    )


def test_a_location_as_geojson_is_applied_too(moderator_client, owner, published):
    change = propose(
        published, owner, location='{"type": "Point", "coordinates": [4.4, 51.9]}'
    )
    moderator_client.post(change_url(change), {"decision": "approve"})
    published.refresh_from_db()
    assert (published.location.x, published.location.y) == (4.4, 51.9)


def test_a_change_that_does_not_validate_is_refused_with_a_message(
    moderator_client, owner, published
):
    change = propose(published, owner, location="not a place", name="Ander")
    page = moderator_client.post(change_url(change), {"decision": "approve"})
    assert page.status_code == 200
    assert page.context["form"].non_field_errors()
    published.refresh_from_db()
    change.refresh_from_db()
    assert (published.name, change.state) == ("Het Werkpand", "submitted")


def test_a_rejected_change_sends_the_reason_to_its_author(
    moderator_client, owner, published, django_capture_on_commit_callbacks
):
    change = propose(published, owner, name="Reclame")
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            change_url(change), {"decision": "reject", "reason": "Geen reclame."}
        )
    assert response.status_code == 302
    change.refresh_from_db()
    published.refresh_from_db()
    assert (change.state, change.reason) == ("rejected", "Geen reclame.")
    assert published.name == "Het Werkpand"
    (message,) = mail.outbox
    assert message.to == ["ann@example.nl"]
    assert "Geen reclame." in message.body


def test_approving_a_claim_makes_the_account_an_owner(
    moderator_client, other_user, published, django_capture_on_commit_callbacks
):
    claim = Claim.objects.create(collective=published, user=other_user, message="Ik")
    url = reverse("contributions:moderate-claim", kwargs={"pk": claim.pk})
    page = moderator_client.get(url)
    assert page.status_code == 200
    assert "bo@example.nl" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(url, {"decision": "approve"})

    assert response.status_code == 302
    assert published.owners.filter(pk=other_user.pk).exists()
    claim.refresh_from_db()
    assert claim.state == "approved"
    (message,) = mail.outbox  # the claimant hears it
    assert message.to == ["bo@example.nl"]
    assert f"/mijn/{published.slug}/" in message.body


def test_rejecting_a_claim_needs_a_reason(
    moderator_client, other_user, published, django_capture_on_commit_callbacks
):
    claim = Claim.objects.create(collective=published, user=other_user)
    url = reverse("contributions:moderate-claim", kwargs={"pk": claim.pk})
    assert moderator_client.post(url, {"decision": "reject"}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        moderator_client.post(url, {"decision": "reject", "reason": "Onbekend."})
    claim.refresh_from_db()
    assert (claim.state, claim.reason) == ("rejected", "Onbekend.")
    assert not published.owners.filter(pk=other_user.pk).exists()
    (message,) = mail.outbox
    assert message.to == ["bo@example.nl"]
    assert "niet goedgekeurd" in message.subject and "Onbekend." in message.body
