import pytest
from django.urls import reverse
from django.utils.html import escape

from collectives.models import Collective
from tests.conftest import make_full_collective
from tests.factories import AreaFactory, CollectiveFactory

pytestmark = pytest.mark.django_db


def test_map_page_lists_only_published_collectives(client):
    CollectiveFactory(name="Zichtbaar collectief")
    CollectiveFactory(name="Concept collectief", status=Collective.Status.DRAFT)
    page = client.get(reverse("collectives:map")).content.decode()
    assert "Zichtbaar collectief" in page
    assert "Concept collectief" not in page
    assert 'id="collectives-map"' in page


def test_map_page_points_the_map_at_the_filtered_geojson(client):
    CollectiveFactory(city="Utrecht")
    response = client.get(reverse("collectives:map"), {"city": "Utrecht", "page": "2"})
    config = response.context["map_config"]
    assert config["collectivesUrl"] == "/api/v1/collectives.geojson?city=Utrecht"
    assert config["detailUrl"] == "/collectieven/__slug__/"


def test_search_filters_the_list(client):
    CollectiveFactory(name="Keilepand", member_demonym="Keilers")
    CollectiveFactory(name="De Kroon", member_demonym="Kroonjuwelen")
    page = client.get(reverse("collectives:list"), {"q": "kroonjuwelen"})
    assert [c.name for c in page.context["page"].object_list] == ["De Kroon"]


def test_filters_by_area_kind_governance_and_tenure(client):
    area = AreaFactory(slug="schiemond")
    CollectiveFactory(
        slug="match",
        area=area,
        kind="building",
        governance="operator",
        tenure="rented_long",
    )
    CollectiveFactory(slug="other-area", governance="operator", tenure="rented_long")
    CollectiveFactory(slug="other-tenure", area=area, tenure="owned")
    response = client.get(
        reverse("collectives:list"),
        {
            "area": "schiemond",
            "kind": "building",
            "governance": "operator",
            "tenure": "rented_long",
        },
    )
    assert [c.slug for c in response.context["page"].object_list] == ["match"]


def test_invalid_filter_shows_a_message_and_keeps_what_was_typed(client):
    response = client.get(
        reverse("collectives:list"), {"q": "werkplaats", "tenure": "squatted"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="field-error"' in page
    assert 'value="werkplaats"' in page


def test_table_sorts_by_column_both_ways(client):
    CollectiveFactory(name="A", entrepreneur_count=80)
    CollectiveFactory(name="B", entrepreneur_count=19)
    CollectiveFactory(name="C", entrepreneur_count=120)
    url = reverse("collectives:list")
    ascending = client.get(url, {"sort": "entrepreneurs"}).context["page"]
    assert [c.name for c in ascending.object_list] == ["B", "A", "C"]
    descending = client.get(url, {"sort": "-entrepreneurs"})
    assert [c.name for c in descending.context["page"].object_list] == ["C", "A", "B"]
    headers = descending.content.decode()
    assert 'aria-sort="descending"' in headers


def test_profile_shows_the_facts(client):
    collective = make_full_collective(
        name="Keilepand",
        slug="keilepand",
        address="Keilestraat 7-9",
        postcode="3029 BP",
        member_demonym="Keilers",
        floor_area_m2=15000,
        founded_year=2015,
        facts_as_of=2024,
        entrepreneur_count=19,
        tenure="owned",
        website="https://www.keilecollectief.nl",
    )
    page = client.get(collective.get_absolute_url()).content.decode()
    for fact in [
        "Keilestraat 7-9",
        "3029 BP",
        "Keilers",
        "15.000",
        "2015",
        "19",
        "https://www.keilecollectief.nl",
        "2–3",
        "Samen is sterker dan alleen.",
    ]:
        assert fact in page, fact
    assert escape(collective.source.citation()) in page


@pytest.mark.parametrize("status", ["draft", "submitted", "rejected", "archived"])
def test_unpublished_profile_is_404(client, status):
    collective = CollectiveFactory(status=status)
    assert client.get(collective.get_absolute_url()).status_code == 404


def test_user_text_is_escaped_on_the_profile(client):
    collective = CollectiveFactory(description="<script>alert(1)</script>")
    page = client.get(collective.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_map_and_list_query_count_does_not_grow(client, max_queries):
    # + 1 everywhere: the content version the page cache is keyed by (a miss).
    CollectiveFactory.create_batch(2)
    for name in ("collectives:map", "collectives:list"):
        with max_queries(5):
            client.get(reverse(name))
    CollectiveFactory.create_batch(40)
    for name in ("collectives:map", "collectives:list"):
        with max_queries(5):
            client.get(reverse(name), {"q": "Collectief", "sort": "-founded"})


def test_profile_query_count_does_not_grow(client, max_queries):
    # 6 for the collective and its lists (roles, timeline, quotes, stakeholders,
    # instruments), 4 for assessments, themes, ladder and positions (see
    # tests/valuefan for their own budget), 1 for the content version the page
    # cache is keyed by.
    small = make_full_collective()
    with max_queries(11):
        client.get(small.get_absolute_url())
    big = make_full_collective()
    from tests import factories

    factories.RoleCountFactory(collective=big, role=2)
    factories.RoleCountFactory(collective=big, role=3)
    factories.TimelineEventFactory.create_batch(10, collective=big)
    factories.QuoteFactory.create_batch(10, collective=big)
    factories.StakeholderFactory.create_batch(10, collective=big)
    from collectives.models import CollectiveInstrument, Instrument

    for n in range(5):
        instrument = Instrument.objects.create(slug=f"i{n}", name_nl=f"I{n}")
        CollectiveInstrument.objects.create(
            collective=big, instrument=instrument, use="used", evidence="‘zo’"
        )
    with max_queries(11):
        client.get(big.get_absolute_url())


def test_unknown_values_sort_last_both_ways(client):
    CollectiveFactory(name="Onbekend", entrepreneur_count=None)
    CollectiveFactory(name="Klein", entrepreneur_count=5)
    CollectiveFactory(name="Groot", entrepreneur_count=50)
    url = reverse("collectives:list")
    for sort, expected in [
        ("entrepreneurs", ["Klein", "Groot", "Onbekend"]),
        ("-entrepreneurs", ["Groot", "Klein", "Onbekend"]),
    ]:
        page = client.get(url, {"sort": sort}).context["page"]
        assert [c.name for c in page.object_list] == expected


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/areas.geojson?city=%00",
        "/api/v1/collectives.geojson?q=%00",
        "/vergelijk/?c=%00&c=x",
        "/vergelijk/vergelijking.csv?c=%00&c=x",
        "/gebieden/vergelijk/?a=%00",
        "/collectieven/?q=%00",
    ],
)
def test_nul_bytes_in_parameters_are_refused_not_a_server_error(client, url):
    assert client.get(url).status_code in (200, 400, 404)


def test_only_web_addresses_become_links(client):
    collective = CollectiveFactory(
        other_websites="javascript:alert(document.domain)\nhttps://www.efro-wsk.nl/"
    )
    page = client.get(collective.get_absolute_url()).content.decode()
    assert 'href="javascript:' not in page
    assert 'href="https://www.efro-wsk.nl/"' in page
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        collective.full_clean()


def test_map_ignores_invalid_filter_values_like_the_list(client):
    CollectiveFactory()
    response = client.get(reverse("collectives:map"), {"tenure": "squatted"})
    assert response.context["map_config"]["collectivesUrl"] == (
        "/api/v1/collectives.geojson"
    )
    assert len(response.context["page"].object_list) == 1


def test_profile_shows_the_instruments_a_collective_uses_or_considers(client):
    from collectives.models import CollectiveInstrument, Instrument

    collective = make_full_collective()
    instrument = Instrument.objects.create(
        slug="gebiedscooperatie",
        name_nl="Gebiedscoöperatie",
        name_en="Area cooperative",
    )
    CollectiveInstrument.objects.create(
        collective=collective,
        instrument=instrument,
        use="considered",
        evidence="‘initiatieven om een gebiedscoöperatie op te zetten’",
    )
    page = client.get(collective.get_absolute_url()).content.decode()
    assert "Gebiedscoöperatie" in page
    assert "initiatieven om een gebiedscoöperatie op te zetten" in page
    english = client.get("/en" + collective.get_absolute_url()).content.decode()
    assert "Area cooperative" in english and "considered" in english
