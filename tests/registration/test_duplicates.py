"""The duplicate check while registering (a similar name, or within 150 m) and
claiming an existing collective instead."""

import math

import pytest
from django.contrib.gis.geos import Point
from django.core import mail
from django.urls import reverse

from collectives.models import Claim, Collective, ModerationState
from contributions.duplicates import similar_collectives
from tests.factories import CollectiveFactory

pytestmark = pytest.mark.django_db

LON, LAT = 4.4777, 51.9244
METRES_PER_DEGREE_LAT = 111_320


def north(metres: float) -> Point:
    return Point(LON, LAT + metres / METRES_PER_DEGREE_LAT, srid=4326)


def east(metres: float) -> Point:
    per_degree = METRES_PER_DEGREE_LAT * math.cos(math.radians(LAT))
    return Point(LON + metres / per_degree, LAT, srid=4326)


HERE = Point(LON, LAT, srid=4326)


def names(results) -> set[str]:
    return {r["name"] for r in results}


@pytest.mark.parametrize("direction", [north, east])
def test_a_collective_100_m_away_is_found_and_one_300_m_away_is_not(direction):
    CollectiveFactory(name="Dichtbij", location=direction(100))
    CollectiveFactory(name="Verderop", location=direction(300))
    results = similar_collectives(name="Iets heel anders", point=HERE)
    assert names(results) == {"Dichtbij"}
    (near,) = results
    assert near["nearby"] and not near["similar_name"]
    assert 95 <= near["distance_m"] <= 105


def test_the_150_m_border():
    CollectiveFactory(name="Net binnen", location=north(140))
    CollectiveFactory(name="Net buiten", location=north(160))
    assert names(similar_collectives(point=HERE)) == {"Net binnen"}


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        ("Keilepand", "keilepand"),  # case
        ("Keilepand", "Het Keilepand Rotterdam"),  # contained
        ("Het Keilepand Rotterdam", "keilepand"),  # contains
        ("De Besturing", "De Bestuuring"),  # a typo
        ("Broedplaats Noord", "broedplaats  noord"),  # spacing
    ],
)
def test_a_similar_name_is_found_anywhere(existing, typed):
    CollectiveFactory(name=existing, location=Point(5.1, 52.1, srid=4326))
    results = similar_collectives(name=typed, point=HERE)
    assert names(results) == {existing}
    assert results[0]["similar_name"] and not results[0]["nearby"]


def test_different_names_are_not_found():
    CollectiveFactory(name="Keilepand", location=Point(5.1, 52.1, srid=4326))
    CollectiveFactory(name="Pand", location=Point(5.1, 52.1, srid=4326))
    assert similar_collectives(name="Werkplaats Zuid") == []
    assert similar_collectives(name="ab") == []  # too short to compare


def test_only_published_collectives_are_suggested():
    for status in ("draft", "submitted", "rejected", "archived"):
        CollectiveFactory(name=f"Pand {status}", status=status, location=north(10))
    assert similar_collectives(name="Pand", point=HERE) == []


def test_nearest_first_then_by_name():
    CollectiveFactory(name="Zuid", location=north(120))
    CollectiveFactory(name="Noord", location=north(20))
    CollectiveFactory(name="Werkpand", location=Point(5.1, 52.1, srid=4326))
    results = similar_collectives(name="werkpand", point=HERE)
    assert [r["name"] for r in results] == ["Noord", "Zuid", "Werkpand"]


def test_the_json_check_gives_name_city_and_links(owner_client):
    found = CollectiveFactory(name="Keilepand", city="Rotterdam", location=north(50))
    response = owner_client.get(
        reverse("contributions:register-duplicates"),
        {"name": "Keile pand", "lat": str(LAT), "lon": str(LON)},
    )
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["name"] == "Keilepand"
    assert row["city"] == "Rotterdam"
    assert row["url"] == found.get_absolute_url()
    assert row["claim_url"] == reverse(
        "contributions:claim", kwargs={"slug": found.slug}
    )
    assert row["nearby"] is True


@pytest.mark.parametrize(
    "params",
    [{}, {"lat": "nan", "lon": "inf"}, {"lat": "100", "lon": "5"}, {"name": "\x00<"}],
)
def test_the_json_check_shrugs_off_nonsense(owner_client, params):
    response = owner_client.get(reverse("contributions:register-duplicates"), params)
    assert response.status_code == 200
    assert response.json() == {"results": []}


def test_the_submit_step_shows_possible_duplicates(owner_client, draft):
    CollectiveFactory(name="Het Werkpand", city="Rotterdam")
    page = owner_client.get(
        reverse("contributions:register-submit", kwargs={"slug": draft.slug})
    )
    assert [d["name"] for d in page.context["duplicates"]] == ["Het Werkpand"]
    assert "Claim this one" in page.content.decode()


# --- claims --------------------------------------------------------------------------


def claim_url(collective):
    return reverse("contributions:claim", kwargs={"slug": collective.slug})


def test_a_claim_waits_for_a_moderator_who_gets_an_email(
    owner_client, user, moderator, django_capture_on_commit_callbacks
):
    collective = CollectiveFactory(name="Keilepand")
    assert owner_client.get(claim_url(collective)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            claim_url(collective), {"message": "Ik ben trekker van het pand."}
        )
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert (claim.collective, claim.user, claim.state) == (
        collective,
        user,
        ModerationState.SUBMITTED,
    )
    assert claim.message == "Ik ben trekker van het pand."
    assert not collective.owners.exists()  # not before a moderator decides
    (message,) = mail.outbox
    assert message.to == [moderator.email]
    page = owner_client.get(response["Location"])
    assert "Your claim waits for a moderator." in page.content.decode()


def test_a_second_claim_is_not_made(owner_client):
    collective = CollectiveFactory()
    owner_client.post(claim_url(collective), {"message": "Ik hoor erbij."})
    owner_client.post(claim_url(collective), {"message": "Nog eens."})
    assert Claim.objects.count() == 1


def test_a_claim_needs_a_message(owner_client):
    collective = CollectiveFactory()
    response = owner_client.post(claim_url(collective), {"message": ""})
    assert response.status_code == 200
    assert "message" in response.context["form"].errors
    assert not Claim.objects.exists()


def test_owners_need_not_claim(owner_client, user):
    collective = CollectiveFactory()
    collective.owners.add(user)
    page = owner_client.get(claim_url(collective))
    assert "You already own this collective." in page.content.decode()
    owner_client.post(claim_url(collective), {"message": "Mag ik?"})
    assert not Claim.objects.exists()


@pytest.mark.parametrize("status", ["draft", "submitted", "rejected", "archived"])
def test_only_published_collectives_can_be_claimed(owner_client, status):
    collective = CollectiveFactory(status=status)
    assert owner_client.get(claim_url(collective)).status_code == 404
    assert Collective.objects.filter(claims__isnull=False).count() == 0
