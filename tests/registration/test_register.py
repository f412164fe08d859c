"""Registering a collective: start a draft, fill it in (saving as you go), the
self-assessment, consent and submission; who may open a draft; throttling."""

import re

import pytest
from django.contrib.gis.geos import Point
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from collectives.models import Collective, CollectiveInstrument, Organisation, Role
from valuefan.models import Assessment

from .conftest import ROTTERDAM, complete_data, make_user, start

pytestmark = pytest.mark.django_db


def edit_url(collective):
    return reverse("contributions:register-edit", kwargs={"slug": collective.slug})


def assessment_url(collective):
    return reverse(
        "contributions:register-assessment", kwargs={"slug": collective.slug}
    )


def submit_url(collective):
    return reverse("contributions:register-submit", kwargs={"slug": collective.slug})


def test_the_whole_registration_from_start_to_submitted(
    owner_client, user, moderator, reference, django_capture_on_commit_callbacks
):
    # Start: a draft owned by the user, with a slug from its name.
    page = owner_client.get(reverse("contributions:register"))
    assert page.status_code == 200
    assert b'id="id_location-map"' in page.content  # the map widget
    response = start(owner_client)
    collective = Collective.objects.get()
    assert response.status_code == 302
    assert response["Location"] == edit_url(collective)
    assert collective.status == Collective.Status.DRAFT
    # The name plus a random part: a draft's slug says nothing about others.
    assert re.fullmatch(r"het-werkpand-[0-9a-f]{6}", collective.slug)
    assert list(collective.owners.all()) == [user]
    assert collective.location_precision == Collective.LocationPrecision.EXACT

    # Step 1: the details; "Continue" goes to the self-assessment.
    assert owner_client.get(edit_url(collective)).status_code == 200
    response = owner_client.post(edit_url(collective), complete_data())
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == assessment_url(collective)
    collective.refresh_from_db()
    assert collective.city == "Rotterdam"
    assert collective.founded_year == 2016
    assert str(collective.rent_eur_m2_year) == "45.50"
    assert collective.operator.name == "Stichting Werkpand"
    assert collective.operator.kind == Organisation.Kind.OPERATOR
    assert collective.contact_email == "ann@werkpand.example.nl"
    assert {
        (rc.role, rc.count_min, rc.count_max) for rc in collective.role_counts.all()
    } == {
        (Role.TREKKER, 3, 3),
        (Role.BINDER, 2, 2),
        (Role.ENGAGED, 15, 15),
        (Role.LESS_ENGAGED, 20, 20),
    }
    assert dict(
        CollectiveInstrument.objects.filter(collective=collective).values_list(
            "instrument__slug", "use"
        )
    ) == {"tijdbank": "used", "energiecooperatie": "considered"}

    # Step 2: the self-assessment.
    assert owner_client.get(assessment_url(collective)).status_code == 200
    response = owner_client.post(
        assessment_url(collective),
        {
            "ladder_informs": "yes",
            "ladder_asks_opinion": "yes",
            "ladder_advice": "yes",
            "ladder_partner": "no",
            "directions": ["1", "3"],
            "reach_betaalbare-werkruimte": "3",
            "evidence_betaalbare-werkruimte": "Starters uit de wijk huren hier.",
            "action": "continue",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == submit_url(collective)
    assessment = Assessment.objects.get(collective=collective)
    assert assessment.ladder_step.number == 4
    assert assessment.is_public is False

    # Step 3: consent and submit; moderators get an e-mail.
    page = owner_client.get(submit_url(collective))
    assert page.status_code == 200
    assert page.context["missing"] == []
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            submit_url(collective), {"publication_consent": "on"}, follow=True
        )
    assert response.status_code == 200
    assert response.templates[0].name == "contributions/registration/submitted.html"
    assert b"What happens next" in response.content
    collective.refresh_from_db()
    assert collective.status == Collective.Status.SUBMITTED
    assert collective.publication_consent is True
    assert collective.submitted_at is not None
    (message,) = mail.outbox
    assert message.to == [moderator.email]
    assert "Het Werkpand" in message.subject


def test_the_start_page_lists_the_users_own_registrations(owner_client, draft):
    other = Collective.objects.create(
        name="Niet van mij",
        slug="niet-van-mij",
        kind="building",
        tenure="owned",
        city="Delft",
        location=Point(4.35, 52.01, srid=4326),
    )
    page = owner_client.get(reverse("contributions:register"))
    assert list(page.context["registrations"]) == [draft]
    assert other.name.encode() not in page.content


def test_slugs_are_unique_and_never_a_path_of_the_registration_pages(owner_client):
    start(owner_client, name="Dubbel")
    start(owner_client, name="Dubbel")
    start(owner_client, name="<<<>>>")
    slugs = list(Collective.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 3
    assert sorted(re.sub(r"-[0-9a-f]{6}$", "", s) for s in slugs) == [
        "collectief",
        "dubbel",
        "dubbel",
    ]
    assert not {"dubbel", "collectief"} & set(slugs)  # never a path of its own


def test_a_new_slug_does_not_tell_that_a_hidden_draft_of_that_name_exists(
    owner_client, other_user
):
    from contributions import services

    hidden = services.start_registration(
        user=other_user,
        name="Het Geheim",
        kind="building",
        tenure="owned",
        location=Point(4.35, 52.01, srid=4326),
    )
    start(owner_client, name="Het Geheim")
    mine = Collective.objects.exclude(pk=hidden.pk).get()
    # Both drafts look alike: name plus a random part, with or without the other.
    for slug in (hidden.slug, mine.slug):
        assert re.fullmatch(r"het-geheim-[0-9a-f]{6}", slug)


def test_start_form_mistakes_are_shown_and_nothing_is_made(owner_client):
    response = start(owner_client, name="", location="")
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"name", "location"}
    assert b'id="id_location_error"' in response.content
    assert not Collective.objects.exists()


def test_a_draft_save_keeps_what_is_right_and_shows_what_is_wrong(
    owner_client, draft, reference
):
    response = owner_client.post(
        edit_url(draft),
        complete_data(
            action="draft",
            founded_year="twintig-zestien",
            contact_email="not an address",
            description="Een <em>bijzonder</em> pand",
            city="",
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"founded_year", "contact_email"}
    # The typed values are still in the form, next to their mistakes…
    html = response.content.decode()
    assert 'value="twintig-zestien"' in html
    assert 'value="not an address"' in html
    assert 'id="id_founded_year_error"' in html
    assert 'aria-invalid="true"' in html
    assert "Everything without a mistake has been saved" in html
    # …and everything without a mistake has been saved.
    draft.refresh_from_db()
    assert draft.founded_year is None
    assert draft.contact_email == ""
    assert draft.description == "Een <em>bijzonder</em> pand"
    assert draft.entrepreneur_count == 40
    assert draft.city == ""  # a draft may lack what submission needs


def test_a_valid_draft_save_stays_on_the_page(owner_client, draft, reference):
    response = owner_client.post(
        edit_url(draft), {**complete_data(action="draft"), "city": ""}
    )
    assert response.status_code == 302
    assert response["Location"] == edit_url(draft)
    page = owner_client.get(response["Location"])
    assert "Your draft has been saved." in page.content.decode()


def test_continue_needs_what_submission_needs(owner_client, draft, reference):
    response = owner_client.post(edit_url(draft), complete_data(city="", governance=""))
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"city", "governance"}
    draft.refresh_from_db()
    assert draft.entrepreneur_count == 40  # the rest was kept


def test_a_draft_cannot_lose_what_the_database_needs(owner_client, draft, reference):
    response = owner_client.post(
        edit_url(draft), complete_data(action="draft", name="", location="")
    )
    assert response.status_code == 200
    assert {"name", "location"} <= set(response.context["form"].errors)
    draft.refresh_from_db()
    assert draft.name == "Het Werkpand"
    assert draft.location is not None


@pytest.mark.parametrize(
    "location",
    [
        "<script>alert(1)</script>",
        "POINT EMPTY",
        "POINT (nan nan)",
        "POINT (200 100)",
        "POINT Z (4.4 51.9 10)",
        "SRID=99999;POINT(4.4 51.9)",
        '{"type":"LineString","coordinates":[[4,51],[5,52]]}',
        '{"type":"Point"',
        "\x00",
    ],
)
def test_a_broken_location_is_a_field_error(owner_client, draft, reference, location):
    response = owner_client.post(
        edit_url(draft), complete_data(action="draft", location=location)
    )
    if location.startswith("POINT Z"):
        # Read as a 2D point: the third dimension is dropped.
        assert response.status_code == 302
        draft.refresh_from_db()
        assert not draft.location.hasz
    else:
        assert response.status_code == 200
        assert "location" in response.context["form"].errors


def test_removing_a_role_count_or_instrument_removes_the_row(
    owner_client, draft, reference
):
    owner_client.post(edit_url(draft), complete_data(action="draft"))
    owner_client.post(
        edit_url(draft),
        complete_data(action="draft", role_4="", instrument_tijdbank=""),
    )
    assert set(draft.role_counts.values_list("role", flat=True)) == {1, 2, 3}
    assert not CollectiveInstrument.objects.filter(
        collective=draft, instrument__slug="tijdbank"
    ).exists()


def test_the_form_says_contact_details_are_never_public(owner_client, draft, reference):
    html = owner_client.get(edit_url(draft)).content.decode()
    assert "Contact details (never public)" in html


@pytest.mark.parametrize(
    "name", ["register-edit", "register-assessment", "register-submit"]
)
def test_someone_elses_draft_is_not_found(client, draft, other_user, name):
    client.force_login(other_user)
    url = reverse(f"contributions:{name}", kwargs={"slug": draft.slug})
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "draft"}).status_code == 404


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("register", {}),
        ("register-edit", {"slug": "x"}),
        ("register-assessment", {"slug": "x"}),
        ("register-submit", {"slug": "x"}),
        ("register-duplicates", {}),
        ("claim", {"slug": "x"}),
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, name, kwargs):
    response = client.get(reverse(f"contributions:{name}", kwargs=kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_consent_is_required_to_submit(owner_client, draft, reference, moderator):
    owner_client.post(edit_url(draft), complete_data(action="draft"))
    response = owner_client.post(submit_url(draft), {})
    assert response.status_code == 200
    assert "Publishing requires your consent." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Collective.Status.DRAFT
    assert not mail.outbox


def test_an_incomplete_draft_cannot_be_submitted(owner_client, draft):
    page = owner_client.get(submit_url(draft))
    assert {"city", "governance form"} <= set(page.context["missing"])
    response = owner_client.post(submit_url(draft), {"publication_consent": "on"})
    assert response.status_code == 200
    assert response.context["submit_errors"]
    draft.refresh_from_db()
    assert draft.status == Collective.Status.DRAFT
    assert draft.publication_consent is False


def test_a_submitted_registration_is_no_longer_edited_here(owner_client, draft):
    Collective.objects.filter(pk=draft.pk).update(status=Collective.Status.SUBMITTED)
    response = owner_client.get(edit_url(draft))
    assert response.status_code == 302
    assert response["Location"] == submit_url(draft)
    page = owner_client.get(submit_url(draft))
    assert page.templates[0].name == "contributions/registration/submitted.html"


def test_a_published_collective_goes_to_its_profile(owner_client, draft):
    Collective.objects.filter(pk=draft.pk).update(status=Collective.Status.PUBLISHED)
    for url in (edit_url(draft), assessment_url(draft), submit_url(draft)):
        response = owner_client.get(url)
        assert response.status_code == 302
        assert response["Location"] == draft.get_absolute_url()


def test_an_archived_collective_is_not_found(owner_client, draft):
    Collective.objects.filter(pk=draft.pk).update(status=Collective.Status.ARCHIVED)
    assert owner_client.get(edit_url(draft)).status_code == 404


def test_a_rejected_registration_can_be_edited_and_submitted_again(
    owner_client, draft, reference, django_capture_on_commit_callbacks
):
    owner_client.post(edit_url(draft), complete_data(action="draft"))
    Collective.objects.filter(pk=draft.pk).update(
        status=Collective.Status.REJECTED, moderation_note="Klopt het adres <echt>?"
    )
    page = owner_client.get(edit_url(draft))
    assert page.status_code == 200
    assert "Klopt het adres &lt;echt&gt;?" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(submit_url(draft), {"publication_consent": "on"})
    draft.refresh_from_db()
    assert draft.status == Collective.Status.SUBMITTED


# --- throttling and the honeypot ---------------------------------------------------


def test_a_sixth_registration_in_a_day_is_refused(owner_client):
    for number in range(5):
        assert start(owner_client, name=f"Pand {number}").status_code == 302
    response = start(owner_client, name="Pand 6")
    assert response.status_code == 429
    assert "Too many registrations" in response.content.decode()
    assert Collective.objects.count() == 5


def test_deleting_drafts_does_not_reset_the_limit(owner_client):
    for number in range(5):
        start(owner_client, name=f"Pand {number}")
    Collective.objects.all().delete()
    assert start(owner_client, name="Pand 6").status_code == 429


def test_twenty_registrations_per_address_a_day(client):
    for number in range(4):
        client.force_login(make_user(f"user{number}@example.nl"))
        for count in range(5):
            assert start(client, name=f"Pand {number}-{count}").status_code == 302
    client.force_login(make_user("fifth@example.nl"))
    assert start(client, name="Nog een").status_code == 429
    # From another address the same account may go on.
    assert (
        client.post(
            reverse("contributions:register"),
            {
                "name": "Elders",
                "kind": "area",
                "tenure": "owned",
                "location": ROTTERDAM,
            },
            REMOTE_ADDR="192.0.2.7",
        ).status_code
        == 302
    )


def test_the_address_limit_forgets_after_a_day(client, monkeypatch):
    client.force_login(make_user("early@example.nl"))
    cache.set("registration-starts:127.0.0.1", [0.0] * 20)  # 1970: long ago
    assert start(client).status_code == 302


def test_the_honeypot_pretends_success_and_makes_nothing(owner_client):
    response = start(owner_client, homepage="http://spam.example")
    assert response.status_code == 302
    assert response["Location"] == reverse("contributions:register")
    assert not Collective.objects.exists()


def test_the_honeypot_is_hidden_from_people(owner_client):
    html = owner_client.get(reverse("contributions:register")).content.decode()
    assert '<div class="hp-field" aria-hidden="true">' in html
    assert 'tabindex="-1"' in html
    assert "Leave this field empty" in html


def test_user_text_is_escaped_on_every_registration_page(owner_client, reference):
    script = '<script>alert("x")</script>'
    start(owner_client, name=f"Pand {script}")
    collective = Collective.objects.get()
    owner_client.post(
        edit_url(collective),
        complete_data(
            action="draft",
            name=f"Pand {script}",
            city=script,
            description=script,
            operator_name=script,
            contact_name=script,
        ),
    )
    owner_client.post(assessment_url(collective), {"note": script})
    pages = [
        reverse("contributions:register"),
        edit_url(collective),
        assessment_url(collective),
        submit_url(collective),
    ]
    for url in pages:
        html = owner_client.get(url).content.decode()
        assert script not in html, url
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html, url


def test_the_limits_come_from_settings(owner_client, settings):
    settings.REGISTRATION_STARTS_PER_USER = 2
    assert start(owner_client, name="Pand 1").status_code == 302
    assert start(owner_client, name="Pand 2").status_code == 302
    assert start(owner_client, name="Pand 3").status_code == 429


def test_behind_a_proxy_the_address_is_the_forwarded_one(client, settings):
    # One reverse proxy: REMOTE_ADDR is the proxy, the client is the last entry
    # of X-Forwarded-For; what the client itself put in front does not count.
    settings.TRUSTED_PROXY_COUNT = 1
    settings.REGISTRATION_STARTS_PER_ADDRESS = 1
    client.force_login(make_user("behind@example.nl"))

    def start_from(forwarded: str):
        return client.post(
            reverse("contributions:register"),
            {"name": "Pand", "kind": "area", "tenure": "owned", "location": ROTTERDAM},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    assert start_from("203.0.113.7").status_code == 302
    # The same client, forging an extra address in front: still refused.
    assert start_from("198.51.100.1, 203.0.113.7").status_code == 429
    # Another client behind the same proxy has its own count.
    assert start_from("203.0.113.8").status_code == 302


def test_approval_gives_the_plain_name_where_it_is_free(moderator):
    from contributions import services
    from tests.factories import CollectiveFactory

    first = CollectiveFactory(name="Het Werkpand", slug="het-werkpand-0a1b2c")
    first.status = "submitted"
    first.save()
    services.approve_registration(collective=first, moderator=moderator)
    assert Collective.objects.get(pk=first.pk).slug == "het-werkpand"
    second = CollectiveFactory(
        name="Het Werkpand", slug="het-werkpand-3d4e5f", status="submitted"
    )
    services.approve_registration(collective=second, moderator=moderator)
    assert Collective.objects.get(pk=second.pk).slug == "het-werkpand-3d4e5f"
