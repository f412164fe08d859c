"""Accounts, clients and collectives shared by tests/owners and tests/moderation
(each conftest imports the fixtures from here)."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import translation

from collectives.models import Collective, ProposedChange
from tests.factories import CollectiveFactory

__all__ = [  # what the conftests import: the fixtures
    "_english",
    "moderator",
    "moderator_client",
    "other_client",
    "other_user",
    "owner",
    "owner_client",
    "published",
    "submitted",
]

PASSWORD = "een-lang-wachtwoord-42"
CONTACT_EMAIL = "geheim@werkpand.example.nl"
CONTACT_PHONE = "010 987 65 43"


def make_user(email: str, *, moderator: bool = False):
    user = get_user_model().objects.create_user(
        username=email, email=email, password=PASSWORD
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if moderator:
        Group.objects.get(name="moderators").user_set.add(user)
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def owned_collective(owner, **kwargs) -> Collective:
    """A collective (published unless told) owned by `owner`, with contact
    details that must never be public."""
    collective = CollectiveFactory(
        contact_name="Ann de Vries",
        contact_email=CONTACT_EMAIL,
        contact_phone=CONTACT_PHONE,
        publication_consent=True,
        **kwargs,
    )
    collective.owners.add(owner)
    return collective


def edit_form_data(collective, **changes) -> dict:
    """The owner edit form as a browser posts it: the published values, with
    `changes` on top."""
    from contributions.forms.owner import OwnerEditForm

    data = {}
    for field in OwnerEditForm(instance=collective):
        value = field.initial
        if field.name == "location":
            value = value.json
        data[field.name] = "" if value is None else str(value)
    return data | {name: str(value) for name, value in changes.items()}


def propose(collective, author, **data) -> ProposedChange:
    return ProposedChange.objects.create(
        collective=collective, author=author, data=data
    )


@pytest.fixture(autouse=True)
def _english():
    """Pages in English (under /en/), so tests read the msgids."""
    with translation.override("en"):
        yield


@pytest.fixture
def owner(db):
    return make_user("ann@example.nl")


@pytest.fixture
def other_user(db):
    return make_user("bo@example.nl")


@pytest.fixture
def moderator(db):
    return make_user("mod@example.nl", moderator=True)


@pytest.fixture
def owner_client(owner):
    return client_for(owner)


@pytest.fixture
def other_client(other_user):
    return client_for(other_user)


@pytest.fixture
def moderator_client(moderator):
    return client_for(moderator)


@pytest.fixture
def published(owner):
    return owned_collective(owner, name="Het Werkpand", slug="het-werkpand")


@pytest.fixture
def submitted(owner):
    return owned_collective(
        owner, name="De Nieuwe Loods", slug="de-nieuwe-loods", status="submitted"
    )
