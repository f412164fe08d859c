"""Privacy: contact details never reach a public page, export or the API; an
account downloads its own data and can delete itself (its collectives are
archived, not silently kept public)."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from collectives.models import Claim, Collective

from .helpers import CONTACT_EMAIL, CONTACT_PHONE, owned_collective, propose

pytestmark = pytest.mark.django_db


def test_contact_details_are_never_public(client, published):
    pages = {
        "profile": published.get_absolute_url(),
        "list": reverse("collectives:list"),
        "map": reverse("collectives:map"),
        "csv": reverse("collectives:list-export", args=["csv"]),
        "map selection": reverse("collectives:map-export"),
        "geojson": reverse("api-v1:collectives-geojson"),
        "api list": "/api/v1/collectives/",
        "api detail": f"/api/v1/collectives/{published.slug}/",
    }
    for what, path in pages.items():
        response = client.get(path)
        assert response.status_code == 200, what
        body = response.content.decode()
        assert published.name in body, what  # the collective is there…
        assert CONTACT_EMAIL not in body, what  # …its contact details are not
        assert CONTACT_PHONE not in body, what
        assert "Ann de Vries" not in body, what


def test_the_data_download_holds_everything_of_the_account(
    owner_client, owner, other_user, published
):
    propose(published, owner, name="Nieuw")
    Claim.objects.create(
        collective=owned_collective(other_user, name="Ander"),
        user=owner,
        message="Ik werk hier",
    )

    response = owner_client.get(reverse("contributions:owner-data"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "ann@example.nl"
    (collective,) = data["collectives"]
    assert collective["name"] == "Het Werkpand"
    assert collective["contact_email"] == CONTACT_EMAIL
    assert collective["contact_phone"] == CONTACT_PHONE
    assert collective["location"]["type"] == "Point"
    assert data["proposed_changes"][0]["data"] == {"name": "Nieuw"}
    assert data["claims"][0]["message"] == "Ik werk hier"


def test_the_data_download_is_only_the_logged_in_accounts(
    other_client, client, published
):
    data = json.loads(other_client.get(reverse("contributions:owner-data")).content)
    assert data["account"]["email"] == "bo@example.nl"
    assert data["collectives"] == []
    assert CONTACT_EMAIL not in json.dumps(data)
    response = client.get(reverse("contributions:owner-data"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_deleting_the_account_archives_its_published_collective(
    owner_client, owner, other_user, published, client
):
    draft = owned_collective(owner, status="draft")
    shared = owned_collective(owner, name="Samen")
    shared.owners.add(other_user)

    page = owner_client.get(reverse("contributions:delete-account"))
    assert page.status_code == 200
    assert page.context["archived"] == [published]
    assert page.context["deleted"] == [draft]
    assert page.context["shared"] == [shared]

    # Not without ticking the box.
    page = owner_client.post(reverse("contributions:delete-account"), {})
    assert page.context["form"].errors
    assert get_user_model().objects.filter(pk=owner.pk).exists()

    response = owner_client.post(
        reverse("contributions:delete-account"), {"confirm": "on"}
    )

    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=owner.pk).exists()
    published.refresh_from_db()
    assert published.status == "archived"
    assert not Collective.objects.filter(pk=draft.pk).exists()
    shared.refresh_from_db()
    assert shared.status == "published"
    assert list(shared.owners.all()) == [other_user]
    # Logged out, and the archived profile is gone from the public pages.
    assert owner_client.get(reverse("contributions:my-collectives")).status_code == 302
    assert client.get(published.get_absolute_url()).status_code == 404
