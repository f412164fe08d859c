import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from collectives.models import Collective

# GeoJSON as django-leaflet's widget writes it into its hidden textarea.
ROTTERDAM = '{"type":"Point","coordinates":[4.4777,51.9244]}'


@pytest.fixture(autouse=True)
def _english():
    """Pages in English (under /en/), so tests read the msgids; Dutch is the
    catalogue's business (tests/test_i18n.py)."""
    with translation.override("en"):
        yield


@pytest.fixture
def reference(db):
    """Value themes, ladder steps and instruments, from the real fixture."""
    call_command("loaddata", "reference", verbosity=0)


def make_user(email: str):
    return get_user_model().objects.create_user(
        username=email, email=email, password="een-lang-wachtwoord-42"
    )


@pytest.fixture
def user(db):
    return make_user("ann@example.nl")


@pytest.fixture
def other_user(db):
    return make_user("bo@example.nl")


@pytest.fixture
def moderator(db):
    moderator = make_user("mod@example.nl")
    Group.objects.get(name="moderators").user_set.add(moderator)
    return moderator


@pytest.fixture
def owner_client(client, user):
    client.force_login(user)
    return client


def start(client, **data) -> object:
    """POST the start form; returns the response."""
    payload = {
        "name": "Het Werkpand",
        "kind": "building",
        "tenure": "rented_temporary",
        "location": ROTTERDAM,
        "homepage": "",
        **data,
    }
    return client.post(reverse("contributions:register"), payload)


@pytest.fixture
def draft(owner_client) -> Collective:
    response = start(owner_client)
    assert response.status_code == 302, response.content
    return Collective.objects.get(status=Collective.Status.DRAFT)


def complete_data(**overrides) -> dict:
    """A filled-in registration form, as a browser posts it."""
    data = {
        "name": "Het Werkpand",
        "address": "Werkstraat 1",
        "postcode": "3011 AA",
        "city": "Rotterdam",
        "location": ROTTERDAM,
        "kind": "building",
        "founded_year": "2016",
        "entrepreneur_count": "40",
        "member_demonym": "makers",
        "entrepreneur_types": "Meubelmakers, ontwerpers, een bakker",
        "tenure": "rented_temporary",
        "tenure_detail": "Gehuurd van de gemeente tot 2030",
        "tenure_end_date": "2030-12-31",
        "floor_area_m2": "4000",
        "rent_eur_m2_year": "45.50",
        "governance": "self_organised",
        "operator_name": "Stichting Werkpand",
        "website": "https://werkpand.example.nl",
        "description": "Een oud schoolgebouw vol makers.",
        "contact_name": "Ann de Vries",
        "contact_email": "ann@werkpand.example.nl",
        "contact_phone": "010 123 45 67",
        "role_1": "3",
        "role_2": "2",
        "role_3": "15",
        "role_4": "20",
        "instrument_tijdbank": "used",
        "instrument_energiecooperatie": "considered",
        "action": "continue",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
