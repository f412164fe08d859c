"""The six cases' content in English (issue “Readings you can trust”): English
pages show the English translation, marked as translated; quotations stay
Dutch with their English meaning beside them; content that exists in Dutch
only says so; the forms and moderation keep writing the Dutch original."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from django.test import Client
from django.utils import translation

from collectives.models import Collective, Quote
from contributions import services
from tests.factories import CollectiveFactory

pytestmark = pytest.mark.django_db

KEILEPAND_EN = "its 19 entrepreneurs (‘Keilers’) rent their space there"
KEILEPAND_NL = "de 19 ondernemers (‘Keilers’) huren er hun ruimte"
KEILEWERF_EN = "The 80 ‘Wervers’ rent temporarily from the municipality"
KEILEWERF_NL = "De 80 ‘Wervers’ huren tijdelijk van de gemeente"


def page(path: str) -> str:
    response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_english_profile_shows_the_english_description(six_cases):
    html = page("/en/collectieven/keilepand/")
    assert KEILEPAND_EN in html
    assert KEILEPAND_NL not in html
    assert "Translated from Dutch" in html
    assert "in Dutch only" not in html
    # The Dutch wording of the building and tenure is not on the English page.
    assert "Hergebruik van een voormalig pakhuis." not in html
    assert "Reuse of a former warehouse." in html


def test_english_profile_of_keilewerf(six_cases):
    html = page("/en/collectieven/keilewerf/")
    assert KEILEWERF_EN in html
    assert KEILEWERF_NL not in html


def test_dutch_profile_is_unchanged(six_cases):
    html = page("/collectieven/keilepand/")
    assert KEILEPAND_NL in html
    assert KEILEPAND_EN not in html
    assert "Translated from Dutch" not in html
    assert "Vertaald uit het Nederlands" not in html
    assert "Hergebruik van een voormalig pakhuis." in html


def test_translated_text_is_not_marked_dutch_on_english_pages(six_cases):
    html = page("/en/collectieven/keilepand/")
    assert f'<p lang="nl">{KEILEPAND_EN}' not in html
    dutch = page("/collectieven/keilepand/")
    assert 'lang="nl">Het Keilecollectief is in het Rotterdamse' in dutch


def test_the_fixture_keeps_the_dutch_text_in_the_dutch_field(six_cases):
    keilepand = Collective.objects.get(slug="keilepand")
    assert keilepand.description_nl.startswith("Het Keilecollectief is")
    assert keilepand.description_en.startswith("In Rotterdam’s Keilekwartier")
    with translation.override("nl"):
        assert keilepand.description == keilepand.description_nl
    with translation.override("en"):
        assert keilepand.description == keilepand.description_en


def test_every_translated_collective_field_of_the_six_cases_has_english(six_cases):
    from core.content_languages import translated_fields

    for collective in Collective.objects.filter(source__isnull=False):
        for field in translated_fields(Collective):
            if getattr(collective, f"{field}_nl"):
                assert getattr(collective, f"{field}_en"), (collective.slug, field)


def test_a_dutch_only_collective_says_so_on_its_english_page():
    CollectiveFactory(
        slug="eigen-werkplaats",
        name="Eigen Werkplaats",
        description="Een werkplaats voor makers uit de buurt.",
    )
    html = page("/en/collectieven/eigen-werkplaats/")
    assert "This profile is in Dutch only" in html
    assert html.count("in Dutch only") == 1
    assert '<p lang="nl">Een werkplaats voor makers uit de buurt.</p>' in html
    assert "Translated from Dutch" not in html
    dutch = page("/collectieven/eigen-werkplaats/")
    assert "Dit profiel is alleen in het Nederlands" not in dutch


def test_api_gives_the_english_description(six_cases):
    client = Client()
    en = client.get(
        "/api/v1/collectives/keilepand/", headers={"accept-language": "en"}
    ).json()
    assert KEILEPAND_EN in en["description"]
    nl = client.get(
        "/api/v1/collectives/keilepand/", headers={"accept-language": "nl"}
    ).json()
    assert KEILEPAND_NL in nl["description"]


def test_quotes_stay_dutch_with_an_english_rendering_beside(six_cases):
    dutch_quote = "Vertrouwen is de sleutel en er is sprake van sociale druk."
    rendering = "Trust is the key and there is social pressure."
    html = page("/en/collectieven/keilepand/")
    assert dutch_quote in html
    assert rendering in html
    assert html.index(dutch_quote) < html.index(rendering)
    assert rendering not in page("/collectieven/keilepand/")
    for quote in Quote.objects.filter(collective__slug="keilepand"):
        assert quote.text_en, quote.text


def test_english_case_study_timeline_and_partners(six_cases):
    html = page("/en/collectieven/keilewerf/")
    assert "But the fire has also damaged the strength of the collective" in html
    assert "Maar de brand heeft de kracht van het collectief ook aangetast" not in html
    assert "Fire destroys Keilewerf I" in html
    assert "Brand verwoest Keilewerf I" not in html
    assert "Partner in dialogue on the search for replacement work space" in html
    # The instrument's evidence stays Dutch, with its English rendering.
    kroon = page("/en/collectieven/hof-van-cartesius/")
    assert "Casuspagina: “Provincie Utrecht, Gemeente Utrecht" in kroon
    assert "Case page: “The Province of Utrecht" in kroon


def test_a_draft_saved_from_an_english_page_writes_the_dutch_field():
    user = get_user_model().objects.create_user(
        username="ann@example.nl", email="ann@example.nl", password="een-lang-ww-42"
    )
    with translation.override("en"):
        draft = services.start_registration(
            user=user,
            name="Het Bewaarpand",
            kind=Collective.Kind.BUILDING,
            tenure=Collective.Tenure.RENTED_TEMPORARY,
            location=Point(4.4777, 51.9244, srid=4326),
        )
        services.save_draft(
            collective=draft, user=user, data={"description": "Wij maken meubels."}
        )
    draft.refresh_from_db()
    assert draft.description_nl == "Wij maken meubels."
    assert not draft.description_en
    # The history keeps the Dutch text too.
    assert draft.history.first().description_nl == "Wij maken meubels."


def test_english_profile_shows_the_english_rationales(six_cases):
    html = page("/en/collectieven/keilepand/")
    assert "That fits step 5, partnership" in html
    assert "Dat past bij trede 5, partnerschap" not in html
    # The quotation inside the rationale stays Dutch, its meaning beside it.
    assert "‘een duurzame gesprekspartner naar partijen binnen en buiten" in html
    assert "[a lasting partner in dialogue for parties inside and outside" in html
    dutch = page("/collectieven/keilepand/")
    assert "Dat past bij trede 5, partnerschap" in dutch
    assert "That fits step 5" not in dutch


def test_english_profile_of_de_kroon_gives_its_ladder_reading(six_cases):
    html = page("/en/collectieven/de-kroon/")
    assert "A recognised voice in the neighbourhood" in html
    assert "Een erkende stem in de wijk" not in html


def test_the_admin_edits_the_dutch_and_the_english_text(admin_client, six_cases):
    from django.urls import reverse

    keilepand = Collective.objects.get(slug="keilepand")
    response = admin_client.get(
        reverse("admin:collectives_collective_change", args=[keilepand.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="description_nl"' in html
    assert 'name="description_en"' in html
    assert 'name="quotes-0-text_en"' in html


def test_the_fixture_loads_again_under_english_without_duplicates(six_cases):
    from django.core.management import call_command

    from collectives.models import TimelineEvent

    events = TimelineEvent.objects.count()
    with translation.override("en"):
        call_command("loaddata", "reference", "six_cases", verbosity=0)
    assert TimelineEvent.objects.count() == events
    assert Collective.objects.get(slug="keilepand").description_nl.startswith(
        "Het Keilecollectief is"
    )
