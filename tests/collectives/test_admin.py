import pytest
from django.urls import reverse

from tests.conftest import make_full_collective
from tests.factories import AreaFactory, CollectiveFactory

pytestmark = pytest.mark.django_db


def test_admin_is_not_at_the_default_path(client):
    assert reverse("admin:index") == "/beheer/"
    assert client.get("/admin/").status_code == 404


def test_anonymous_visitor_is_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:collectives_collective_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith("/beheer/login/")


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:collectives_collective_changelist",
        "admin:collectives_area_changelist",
        "admin:collectives_organisation_changelist",
        "admin:collectives_source_changelist",
        "admin:casestudies_casestudy_changelist",
    ],
)
def test_staff_see_every_changelist(admin_client, url_name):
    make_full_collective()
    assert admin_client.get(reverse(url_name)).status_code == 200


def test_collective_form_has_a_map_widget_and_all_inlines(admin_client):
    collective = make_full_collective()
    response = admin_client.get(
        reverse("admin:collectives_collective_change", args=[collective.pk])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "leaflet" in page.lower()
    assert 'name="location"' in page
    for prefix in ("role_counts", "events", "stakeholders", "quotes", "case_study"):
        assert f'name="{prefix}-TOTAL_FORMS"' in page, prefix


def test_area_form_has_a_map_widget_for_the_outline(admin_client):
    area = AreaFactory()
    response = admin_client.get(
        reverse("admin:collectives_area_change", args=[area.pk])
    )
    page = response.content.decode()
    assert 'name="boundary"' in page
    assert "leaflet" in page.lower()


def test_staff_can_correct_an_approximate_location(admin_client):
    collective = CollectiveFactory(location_precision="approximate")
    url = reverse("admin:collectives_collective_change", args=[collective.pk])
    data = {
        "name": collective.name,
        "slug": collective.slug,
        "kind": collective.kind,
        "status": collective.status,
        "city": collective.city,
        "area": collective.area_id,
        "location": '{"type": "Point", "coordinates": [4.43721, 51.90712]}',
        "location_precision": "exact",
        "tenure": collective.tenure,
        "governance": collective.governance,
        "operator": collective.operator_id,
        "source": collective.source_id,
    }
    for prefix in (
        "role_counts",
        "events",
        "stakeholders",
        "quotes",
        "case_study",
        "assessments",
    ):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    collective.refresh_from_db()
    assert collective.location_precision == "exact"
    assert (round(collective.location.x, 5), round(collective.location.y, 5)) == (
        4.43721,
        51.90712,
    )
