"""Every response states the data licence; every list says how to cite it."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    AssessmentFactory,
    LadderStepFactory,
    ValueThemeFactory,
)

pytestmark = pytest.mark.django_db
LINK = '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
LISTS = [
    "collective-list",
    "collective-geojson",
    "area-list",
    "area-geojson",
    "value-theme-list",
    "ladder-step-list",
    "assessment-list",
    "ladder-position-list",
]


@pytest.fixture
def data():
    assessment = AssessmentFactory(ladder_step=LadderStepFactory(number=2))
    theme = ValueThemeFactory(slug="ruimte")
    return {
        "collective-detail": {"slug": assessment.collective.slug},
        "area-detail": {"slug": assessment.collective.area.slug},
        "value-theme-detail": {"slug": theme.slug},
        "ladder-step-detail": {"number": 2},
        "assessment-detail": {"pk": assessment.pk},
    }


def test_every_response_has_the_licence_link_header(api, data):
    urls = [reverse(f"api-v1:{name}") for name in LISTS]
    urls += [reverse(f"api-v1:{name}", kwargs=kw) for name, kw in data.items()]
    urls += [
        reverse("api-v1:api-root"),
        reverse("api-v1:schema"),
        reverse("api-v1:docs"),
    ]
    for url in urls:
        response = api.get(url)
        assert response.status_code == 200, url
        assert response["Link"] == LINK, url


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/collectives/?step=abc",
        "/api/v1/collectives/?page=9",
        "/api/v1/collectives/nobody/",
        "/api/v1/collectives/?format=xml",
    ],
)
def test_error_responses_have_the_licence_link_header_too(api, url):
    response = api.get(url)
    assert response.status_code in (400, 404)
    assert response["Link"] == LINK


@pytest.mark.parametrize("name", LISTS)
def test_every_list_has_licence_and_citation(api, data, name):
    body = api.get(reverse(f"api-v1:{name}"), {"page_size": 10}).json()
    assert body["license"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    today = timezone.localdate()
    assert body["citation"].startswith(f"Collectievenatlas ({today.year}).")
    assert f"retrieved {today.isoformat()} from" in body["citation"]
    url = f"http://127.0.0.1:8000{reverse(f'api-v1:{name}')}?page_size=10"
    assert url in body["citation"]
    assert "CC BY 4.0" in body["citation"]


def test_errors_follow_accept_language(client):
    english = client.get(
        "/api/v1/collectives/?page=9", headers={"accept-language": "en"}
    )
    dutch = client.get("/api/v1/collectives/?page=9", headers={"accept-language": "nl"})
    default = client.get("/api/v1/collectives/?page=9")
    assert english.json() == {"detail": "Invalid page."}
    assert dutch.json() == default.json() == {"detail": "Ongeldige pagina."}
    assert english["Content-Language"] == "en"
    assert "Accept-Language" in english["Vary"]
