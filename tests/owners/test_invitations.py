"""Inviting a co-owner: the e-mail with its link, accepting with the invited
address, and a clear message for any other address."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from collectives.models import Invitation

from .helpers import client_for, make_user

pytestmark = pytest.mark.django_db


def invite(owner_client, collective, email, callbacks):
    with callbacks(execute=True):
        return owner_client.post(
            reverse("contributions:owner-invite", args=[collective.slug]),
            {"email": email},
        )


def test_an_owner_invites_and_the_invited_address_accepts(
    owner_client, published, django_capture_on_commit_callbacks
):
    response = invite(
        owner_client, published, "Cas@Example.nl", django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "cas@example.nl"
    (message,) = mail.outbox
    assert message.to == ["cas@example.nl"]
    (link,) = re.findall(r"https?://\S+/uitnodiging/\S+/", message.body)
    path = link.split("://", 1)[1].split("/", 1)[1]

    cas = make_user("cas@example.nl")
    client = client_for(cas)
    page = client.get(f"/{path}")
    assert page.status_code == 200
    assert page.context["address_matches"] is True
    response = client.post(f"/{path}")

    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("contributions:owner-collective", args=[published.slug]).removeprefix(
            "/en"
        )
    )
    assert published.owners.filter(pk=cas.pk).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    # The co-owner now opens the owner pages.
    owner_page = reverse("contributions:owner-edit", args=[published.slug])
    assert client.get(owner_page).status_code == 200


def test_another_address_gets_a_clear_message_and_is_not_made_owner(
    owner, other_user, other_client, published
):
    invitation = Invitation.objects.create(
        collective=published, email="cas@example.nl", token="t0k3n", invited_by=owner
    )
    url = reverse("contributions:accept-invitation", args=[invitation.token])
    page = other_client.get(url)
    assert page.context["address_matches"] is False
    assert "You are logged in as bo@example.nl" in page.content.decode()

    page = other_client.post(url)

    assert page.status_code == 200
    assert "cas@example.nl" in page.context["error"]
    assert not published.owners.filter(pk=other_user.pk).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_invitation_works_once(owner, published):
    invitation = Invitation.objects.create(
        collective=published, email="cas@example.nl", token="t0k3n", invited_by=owner
    )
    url = reverse("contributions:accept-invitation", args=[invitation.token])
    cas_client = client_for(make_user("cas@example.nl"))
    assert cas_client.post(url).status_code == 302
    page = cas_client.get(url)
    assert "already been used" in page.content.decode()


def test_an_unknown_token_is_a_404(other_client):
    url = reverse("contributions:accept-invitation", args=["bestaat-niet"])
    assert other_client.get(url).status_code == 404


def test_an_owner_cannot_be_invited_again(owner_client, published):
    response = owner_client.post(
        reverse("contributions:owner-invite", args=[published.slug]),
        {"email": "ANN@example.nl"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not Invitation.objects.exists()


def test_only_owners_invite(other_client, published):
    response = other_client.post(
        reverse("contributions:owner-invite", args=[published.slug]),
        {"email": "cas@example.nl"},
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_an_invitation_expires_after_its_time(published):
    from django.utils import timezone

    cas = make_user("cas@example.nl")
    invitation = Invitation.objects.create(
        collective=published, email="cas@example.nl", token="oud-token"
    )
    Invitation.objects.filter(pk=invitation.pk).update(
        created_at=timezone.now() - Invitation.VALID_FOR - timezone.timedelta(hours=1)
    )
    client = client_for(cas)
    page = client.get(reverse("contributions:accept-invitation", args=["oud-token"]))
    assert "expired" in page.content.decode()
    response = client.post(
        reverse("contributions:accept-invitation", args=["oud-token"])
    )
    assert response.status_code == 200
    assert not published.owners.filter(pk=cas.pk).exists()
