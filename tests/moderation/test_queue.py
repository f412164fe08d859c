"""The moderation queue and the review of registrations: approve (the collective
goes public), reject with a reason (sent to the owners), bulk approve, and a
queue whose query count does not grow with its length."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from collectives.models import Claim, Collective
from tests.factories import AssessmentFactory, ValueReachFactory

from ..owners.helpers import CONTACT_EMAIL, CONTACT_PHONE, owned_collective, propose

pytestmark = pytest.mark.django_db

QUEUE = "contributions:moderation"


def review_url(collective):
    return reverse(
        "contributions:moderate-collective", kwargs={"slug": collective.slug}
    )


def test_the_queue_lists_registrations_changes_and_claims(
    moderator_client, owner, other_user, submitted, published
):
    change = propose(published, owner, name="Het Nieuwe Werkpand")
    claim = Claim.objects.create(collective=published, user=other_user)
    owned_collective(owner, name="Nog een concept", status="draft")

    page = moderator_client.get(reverse(QUEUE))

    assert page.status_code == 200
    assert list(page.context["registrations"]) == [submitted]
    assert [c.pk for c in page.context["changes"]] == [change.pk]
    assert list(page.context["claims"]) == [claim]
    html = page.content.decode()
    assert review_url(submitted) in html
    assert reverse("contributions:moderate-change", kwargs={"pk": change.pk}) in html
    assert reverse("contributions:moderate-claim", kwargs={"pk": claim.pk}) in html
    assert "Nog een concept" not in html
    assert "Name" in html  # the fields the change touches


def test_the_queue_is_for_moderators_only(owner_client, client):
    assert owner_client.get(reverse(QUEUE)).status_code == 403
    response = client.get(reverse(QUEUE))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_superuser_moderates_without_the_group(admin_client):
    assert admin_client.get(reverse(QUEUE)).status_code == 200


def test_the_review_shows_everything_submitted_with_contact_details(
    moderator_client, submitted
):
    assessment = AssessmentFactory(
        collective=submitted,
        assessor_kind="self",
        is_public=False,
        ladder_rationale="Wij praten mee over het gebied.",
    )
    ValueReachFactory(assessment=assessment, evidence="Festival in de wijk.")

    page = moderator_client.get(review_url(submitted))

    html = page.content.decode()
    assert page.status_code == 200
    assert CONTACT_EMAIL in html
    assert CONTACT_PHONE in html
    assert "Wij praten mee over het gebied." in html
    assert "Festival in de wijk." in html
    assert "ann@example.nl" in html  # the owner
    assert reverse("contributions:owner-history", args=[submitted.slug]) in html


def test_approving_publishes_and_tells_the_owner(
    moderator_client, client, submitted, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(review_url(submitted), {"decision": "approve"})

    assert response.status_code == 302
    assert response["Location"] == reverse(QUEUE)
    submitted.refresh_from_db()
    assert submitted.status == "published"
    assert submitted.confirmed_at is not None
    (message,) = mail.outbox
    assert message.to == ["ann@example.nl"]
    assert "De Nieuwe Loods" in message.subject
    # Public: the list, the map page's list and the GeoJSON.
    assert "De Nieuwe Loods" in client.get(reverse("collectives:list")).content.decode()
    assert "De Nieuwe Loods" in client.get(reverse("collectives:map")).content.decode()
    geojson = client.get(reverse("api-v1:collectives-geojson")).json()
    assert "De Nieuwe Loods" in {f["properties"]["name"] for f in geojson["features"]}


def test_before_approval_the_registration_is_not_public(client, submitted):
    assert (
        "De Nieuwe Loods"
        not in client.get(reverse("collectives:list")).content.decode()
    )
    geojson = client.get(reverse("api-v1:collectives-geojson")).json()
    assert geojson["features"] == []


def test_rejecting_needs_a_reason_and_sends_it_to_the_owner(
    moderator_client, submitted, django_capture_on_commit_callbacks
):
    page = moderator_client.post(review_url(submitted), {"decision": "reject"})
    assert page.status_code == 200
    assert page.context["form"].errors["reason"]
    submitted.refresh_from_db()
    assert submitted.status == "submitted"

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            review_url(submitted),
            {"decision": "reject", "reason": "Het adres ontbreekt & de foto's."},
        )

    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "rejected"
    assert submitted.moderation_note == "Het adres ontbreekt & de foto's."
    (message,) = mail.outbox
    assert message.to == ["ann@example.nl"]
    assert "Het adres ontbreekt" in message.body


def test_a_decided_registration_cannot_be_decided_again(moderator_client, published):
    page = moderator_client.get(review_url(published))
    assert page.context["can_decide"] is False
    response = moderator_client.post(review_url(published), {"decision": "approve"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    published.refresh_from_db()
    assert published.status == "published"


def test_bulk_approve_publishes_the_ticked_registrations(
    moderator_client, owner, django_capture_on_commit_callbacks
):
    first, second, third = (
        owned_collective(owner, status="submitted") for _ in range(3)
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            reverse(QUEUE), {"collectives": [first.pk, second.pk]}
        )

    assert response.status_code == 302
    statuses = dict(Collective.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: "published",
        second.pk: "published",
        third.pk: "submitted",
    }
    assert len(mail.outbox) == 2


def test_bulk_approve_refuses_what_is_no_longer_waiting(moderator_client, published):
    response = moderator_client.post(reverse(QUEUE), {"collectives": [published.pk]})
    assert response.status_code == 200
    assert response.context["form"].errors
    response = moderator_client.post(reverse(QUEUE), {})
    assert response.context["form"].errors


def test_moderation_forms_need_the_csrf_token(moderator, submitted):
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    assert (
        client.post(reverse(QUEUE), {"collectives": [submitted.pk]}).status_code == 403
    )
    response = client.post(review_url(submitted), {"decision": "approve"})
    assert response.status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def _queue_queries(moderator_client, max_queries) -> int:
    with max_queries(30) as context:
        assert moderator_client.get(reverse(QUEUE)).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("first,second", [(2, 12)])
def test_the_queue_query_count_does_not_grow_with_the_queue(
    moderator_client, owner, other_user, max_queries, first, second
):
    def fill(n):
        for _ in range(n):
            owned_collective(owner, status="submitted")
            published = owned_collective(owner)
            propose(published, owner, name="Nieuw")
            Claim.objects.create(collective=published, user=other_user)

    fill(first)
    few = _queue_queries(moderator_client, max_queries)
    fill(second - first)
    many = _queue_queries(moderator_client, max_queries)

    assert Collective.objects.filter(status="submitted").count() == second
    page = moderator_client.get(reverse(QUEUE))
    assert len(page.context["registrations"]) == second
    assert len(page.context["changes"]) == len(page.context["claims"]) == second
    assert few == many
