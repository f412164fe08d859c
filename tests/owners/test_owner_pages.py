"""The owners' pages: their collectives, editing (a proposed change), the
confirmation, the history; nobody else opens them."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from collectives.models import Collective, ProposedChange
from contributions.forms.owner import OWNER_EDIT_FIELDS
from contributions.services import EDITABLE_FIELDS

from .helpers import edit_form_data, owned_collective, propose

pytestmark = pytest.mark.django_db


def url(name, collective=None):
    return reverse(
        f"contributions:{name}",
        kwargs={"slug": collective.slug} if collective else None,
    )


def test_the_edit_form_has_exactly_the_fields_owners_may_change():
    assert set(OWNER_EDIT_FIELDS) == EDITABLE_FIELDS
    assert not {"status", "slug", "owners"} & set(OWNER_EDIT_FIELDS)


def test_my_collectives_lists_the_users_own_with_status_and_changes_waiting(
    owner_client, owner, other_user, published
):
    propose(published, owner, name="Nieuw")
    draft = owned_collective(owner, name="Mijn concept", status="draft")
    owned_collective(other_user, name="Niet van mij")

    page = owner_client.get(url("my-collectives"))

    assert page.status_code == 200
    rows = {c.name: c for c in page.context["collectives"]}
    assert set(rows) == {"Het Werkpand", "Mijn concept"}
    assert rows["Het Werkpand"].pending_changes == 1
    assert rows[draft.name].pending_changes == 0
    html = page.content.decode()
    assert "Niet van mij" not in html
    assert "Published" in html and "Draft" in html
    assert url("owner-collective", published) in html


def test_my_collectives_needs_a_login(client):
    response = client.get(url("my-collectives"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_an_edit_of_a_published_profile_waits_for_moderation(
    owner_client, owner, published, django_capture_on_commit_callbacks, moderator
):
    from django.core import mail

    page = owner_client.get(url("owner-edit", published))
    assert page.status_code == 200
    assert b"moderator" in page.content

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            url("owner-edit", published),
            edit_form_data(
                published,
                description="Een nieuw verhaal.",
                founded_year=2014,
                location='{"type":"Point","coordinates":[4.46,51.92]}',
                contact_phone="06 1234 5678",
            ),
            follow=True,
        )

    assert response.status_code == 200
    assert b"waits for a moderator" in response.content
    change = ProposedChange.objects.get()
    assert change.author == owner
    assert change.state == "submitted"
    assert set(change.data) == {
        "description",
        "founded_year",
        "location",
        "contact_phone",
    }
    assert change.data["founded_year"] == 2014
    assert change.data["location"].startswith("SRID=4326;POINT")
    published.refresh_from_db()
    assert published.description == ""
    assert published.founded_year == 2015
    (message,) = mail.outbox  # the moderators hear of it
    assert message.to == [moderator.email]


def test_an_edit_with_a_mistake_shows_it_and_proposes_nothing(owner_client, published):
    page = owner_client.post(
        url("owner-edit", published),
        edit_form_data(published, founded_year=1200, website="geen adres"),
    )
    assert page.status_code == 200
    assert set(page.context["form"].errors) == {"founded_year", "website"}
    assert not ProposedChange.objects.exists()


def test_an_edit_without_changes_proposes_nothing(owner_client, published):
    response = owner_client.post(
        url("owner-edit", published), edit_form_data(published)
    )
    assert response.status_code == 302
    assert not ProposedChange.objects.exists()


def test_a_draft_is_edited_in_the_registration_form(owner_client, owner):
    draft = owned_collective(owner, status="draft")
    page = owner_client.get(url("owner-edit", draft))
    assert page.status_code == 200
    assert "form" not in page.context
    assert (
        reverse("contributions:register-edit", args=[draft.slug])
        in page.content.decode()
    )
    assert owner_client.post(url("owner-edit", draft), {"name": "X"}).status_code == 200
    assert not ProposedChange.objects.exists()


@pytest.mark.parametrize(
    "name",
    ["owner-collective", "owner-edit", "owner-invite", "owner-history"],
)
def test_other_accounts_and_moderators_get_a_404_on_owner_pages(
    other_client, moderator_client, published, name
):
    assert other_client.get(url(name, published)).status_code == 404
    expected = 200 if name == "owner-history" else 404  # moderators read history
    assert moderator_client.get(url(name, published)).status_code == expected


def test_others_cannot_propose_or_confirm(other_client, moderator_client, published):
    data = edit_form_data(published, name="Overgenomen")
    assert other_client.post(url("owner-edit", published), data).status_code == 404
    assert moderator_client.post(url("owner-edit", published), data).status_code == 404
    assert other_client.post(url("owner-confirm", published)).status_code == 404
    assert not ProposedChange.objects.exists()
    published.refresh_from_db()
    assert published.confirmed_at is None


def test_confirming_sets_confirmed_at_but_not_last_updated(owner_client, published):
    long_ago = timezone.now() - datetime.timedelta(days=500)
    Collective.objects.filter(pk=published.pk).update(updated_at=long_ago)

    response = owner_client.post(url("owner-confirm", published))

    assert response.status_code == 302
    assert response["Location"] == url("owner-collective", published)
    published.refresh_from_db()
    assert published.confirmed_at > timezone.now() - datetime.timedelta(minutes=1)
    assert published.updated_at == long_ago
    assert owner_client.get(url("owner-confirm", published)).status_code == 405


def test_confirming_needs_the_csrf_token(owner, published):
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post(url("owner-confirm", published)).status_code == 403


def test_the_overview_shows_changes_waiting_as_a_diff(owner_client, owner, published):
    propose(published, owner, name="Het Nieuwe Werkpand", city=published.city)
    page = owner_client.get(url("owner-collective", published))
    (pending,) = page.context["pending"]
    assert [row["name"] for row in pending.diff] == ["name"]
    assert "Het Nieuwe Werkpand" in page.content.decode()


def test_the_history_shows_who_changed_which_fields(
    owner_client, moderator_client, owner, published
):
    change = propose(published, owner, name="Het Nieuwe Werkpand")
    moderator_client.post(
        reverse("contributions:moderate-change", args=[change.pk]),
        {"decision": "approve"},
    )
    owner_client.post(url("owner-confirm", published))

    page = owner_client.get(url("owner-history", published))

    rows = page.context["rows"]
    assert [row["kind"] for row in rows] == ["changed", "changed", "created"]
    confirmed, approved, created = rows
    assert confirmed["who"] == "ann@example.nl"
    assert "Last confirmed by its owners" in confirmed["changed"]
    assert approved["who"] == "ann@example.nl"
    assert "Name" in approved["changed"]
    assert "approved by a moderator" in str(approved["reason"])
    assert created["changed"] == []
    # Moderators read it too, from the review pages.
    assert moderator_client.get(url("owner-history", published)).status_code == 200


def test_the_history_page_reads_in_a_fixed_number_of_queries(
    owner_client, owner, published, max_queries
):
    for number in range(5):
        published.description = f"Versie {number}"
        published.save()
    with max_queries(10):
        assert owner_client.get(url("owner-history", published)).status_code == 200


def test_my_collectives_reads_in_a_fixed_number_of_queries(
    owner_client, owner, max_queries
):
    for _ in range(8):
        collective = owned_collective(owner)
        propose(collective, owner, name="Nieuw")
    with max_queries(6):
        page = owner_client.get(url("my-collectives"))
    assert len(page.context["collectives"]) == 8
