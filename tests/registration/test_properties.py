"""Property-based tests of the registration forms: whatever is typed into any
field, the answer is a saved draft or field errors, never a server error, and
no markup from the input reaches the page unescaped."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from collectives.models import Collective
from contributions.services import REGISTRATION_FIELDS
from valuefan.models import ValueTheme

from .conftest import complete_data

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MARKER = "<script>hx()</script>"
INSTRUMENTS = ["tijdbank", "energiecooperatie", "gebiedscooperatie", "land-trust"]
FIELDS = [
    *REGISTRATION_FIELDS,
    "operator_name",
    *(f"role_{n}" for n in range(1, 5)),
    *(f"instrument_{slug}" for slug in INSTRUMENTS),
]
ASSESSMENT_FIELDS = [
    *(f"ladder_{q}" for q in ("informs", "asks_opinion", "advice", "partner", "peers")),
    "note",
    "directions",
    "directions_note",
]

# Any text (NUL, quotes, angle brackets, far-away Unicode), sometimes with a
# script tag in the middle, sometimes values of the right shape.
typed = st.one_of(
    st.text(max_size=60),
    st.builds(lambda a, b: a + MARKER + b, st.text(max_size=20), st.text(max_size=20)),
    st.sampled_from(
        [
            "",
            "\x00",
            "\"'><img src=x>",
            "2016",
            "-1",
            "99999999999999999999",
            "1e400",
            "NaN",
            "building",
            "used",
            "considered",
            "owned",
            "2030-02-30",
            '{"type":"Point","coordinates":[4.4,51.9]}',
            '{"type":"Point","coordinates":[4.4,51.9,3]}',
            "POINT(4.4 51.9)",
        ]
    ),
)
VALID = complete_data()


def valid_or_typed(name: str):
    """Half the time the right kind of value, so that drafts do get saved."""
    return st.one_of(st.just(VALID[name]), typed) if name in VALID else typed


settings_for_db = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def assert_no_unescaped_input(response):
    assert MARKER.encode() not in response.content
    assert b"<img src=x>" not in response.content


@settings_for_db
@given(
    data=st.fixed_dictionaries(
        {}, optional={name: valid_or_typed(name) for name in FIELDS}
    ),
    action=st.sampled_from(["draft", "continue", "", "<script>"]),
)
def test_any_registration_input_saves_a_draft_or_shows_field_errors(
    owner_client, draft, reference, data, action
):
    url = reverse("contributions:register-edit", kwargs={"slug": draft.slug})
    response = owner_client.post(url, {**data, "action": action})
    assert response.status_code in (200, 302)
    event(f"status {response.status_code}")
    if response.status_code == 200:
        assert response.context["form"].errors
    assert_no_unescaped_input(response)
    draft.refresh_from_db()
    assert draft.status == Collective.Status.DRAFT
    # Whatever was saved shows safely on every step of the registration.
    for name in ("register-edit", "register-assessment", "register-submit"):
        page = owner_client.get(
            reverse(f"contributions:{name}", kwargs={"slug": draft.slug})
        )
        assert page.status_code == 200
        assert_no_unescaped_input(page)


@settings_for_db
@given(data=st.data())
def test_any_self_assessment_input_saves_or_shows_field_errors(
    owner_client, draft, reference, data
):
    themes = ValueTheme.objects.order_by("order")
    names = [*ASSESSMENT_FIELDS]
    for theme in themes:
        names += [f"reach_{theme.slug}", f"evidence_{theme.slug}"]
    choices = {"yes", "no", "1", "2", "3", "4", "5"}
    post = data.draw(
        st.fixed_dictionaries(
            {},
            optional={
                name: st.one_of(st.sampled_from(sorted(choices)), typed)
                for name in names
            },
        )
    )
    url = reverse("contributions:register-assessment", kwargs={"slug": draft.slug})
    response = owner_client.post(url, post)
    assert response.status_code in (200, 302)
    event(f"status {response.status_code}")
    assert_no_unescaped_input(response)
    page = owner_client.get(url)
    assert page.status_code == 200
    assert_no_unescaped_input(page)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            name: valid_or_typed(name)
            for name in ("name", "kind", "tenure", "location")
        },
    )
)
def test_any_start_input_starts_a_draft_or_shows_field_errors(owner_client, data):
    # Stay under the daily limits: each example is a fresh start.
    Collective.objects.all().delete()
    Collective.history.all().delete()
    cache.clear()
    response = owner_client.post(reverse("contributions:register"), data)
    assert response.status_code in (200, 302)
    event(f"status {response.status_code}")
    assert_no_unescaped_input(response)
    if response.status_code == 302:
        (collective,) = Collective.objects.all()
        page = owner_client.get(response["Location"])
        assert page.status_code == 200
        assert_no_unescaped_input(page)
        assert collective.status == Collective.Status.DRAFT
