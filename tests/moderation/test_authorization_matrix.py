"""Who gets what on every registration, moderation and owner page: a visitor who
is not logged in, another account, the owner and a moderator.

The URL names come from the URL modules themselves, so a new page without a line
in EXPECTED fails here until someone decides who may open it."""

from urllib.parse import urlparse

import pytest
from django.urls import URLPattern, URLResolver, reverse

from collectives.models import Claim, Invitation
from contributions import urls as contribution_urls

from ..owners.helpers import client_for, owned_collective, propose

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "other", "owner", "moderator")
LOGIN = "login redirect"
REDIRECT = "redirect (not to login)"
OK, FORBIDDEN, NOT_FOUND = 200, 403, 404


def _names(patterns) -> list[str]:
    names = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names += _names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(pattern.name)
    return names


URL_NAMES = sorted(set(_names(contribution_urls.urlpatterns)))

# URL name: (method, which object fills its arguments, answer per role in the
# order of ROLES). "draft" and "published" belong to the owner; "submitted" too.
EXPECTED = {
    # Registration: any account may start one and claim a published collective;
    # only its owners open a draft.
    "register": ("get", None, (LOGIN, OK, OK, OK)),
    "register-duplicates": ("get", None, (LOGIN, OK, OK, OK)),
    "register-edit": ("get", "draft", (LOGIN, NOT_FOUND, OK, NOT_FOUND)),
    "register-assessment": ("get", "draft", (LOGIN, NOT_FOUND, OK, NOT_FOUND)),
    "register-submit": ("get", "draft", (LOGIN, NOT_FOUND, OK, NOT_FOUND)),
    "claim": ("get", "published", (LOGIN, OK, OK, OK)),
    # Moderation: the moderators group only.
    "moderation": ("get", None, (LOGIN, FORBIDDEN, FORBIDDEN, OK)),
    "moderate-collective": ("get", "submitted", (LOGIN, FORBIDDEN, FORBIDDEN, OK)),
    "moderate-change": ("get", "change", (LOGIN, FORBIDDEN, FORBIDDEN, OK)),
    "moderate-claim": ("get", "claim", (LOGIN, FORBIDDEN, FORBIDDEN, OK)),
    # Owners: their own collectives only (a moderator is not an owner), except
    # the history, which moderators read too.
    "my-collectives": ("get", None, (LOGIN, OK, OK, OK)),
    "owner-data": ("get", None, (LOGIN, OK, OK, OK)),
    "delete-account": ("get", None, (LOGIN, OK, OK, OK)),
    "owner-collective": ("get", "published", (LOGIN, NOT_FOUND, OK, NOT_FOUND)),
    "owner-edit": ("get", "published", (LOGIN, NOT_FOUND, OK, NOT_FOUND)),
    "owner-confirm": ("post", "published", (LOGIN, NOT_FOUND, REDIRECT, NOT_FOUND)),
    "owner-invite": ("get", "published", (LOGIN, NOT_FOUND, OK, NOT_FOUND)),
    "owner-history": ("get", "published", (LOGIN, NOT_FOUND, OK, OK)),
    # Anyone with the link may see the invitation; accepting checks the address.
    "accept-invitation": ("get", "invitation", (LOGIN, OK, OK, OK)),
}


@pytest.fixture
def world(owner, other_user, moderator):
    published = owned_collective(owner, slug="gepubliceerd")
    return {
        "users": {"other": other_user, "owner": owner, "moderator": moderator},
        "published": {"slug": published.slug},
        "draft": {"slug": owned_collective(owner, status="draft").slug},
        "submitted": {"slug": owned_collective(owner, status="submitted").slug},
        "change": {"pk": propose(published, owner, name="Nieuw").pk},
        "claim": {"pk": Claim.objects.create(collective=published, user=other_user).pk},
        "invitation": {
            "token": Invitation.objects.create(
                collective=published,
                email="nieuw@example.nl",
                token="een-geheim-token",
                invited_by=owner,
            ).token
        },
    }


def test_every_url_name_has_an_expectation():
    assert set(URL_NAMES) - set(EXPECTED) == set(), "add these to EXPECTED"
    assert set(EXPECTED) - set(URL_NAMES) == set(), "these pages no longer exist"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", URL_NAMES)
def test_each_role_gets_what_it_should(world, client, name, role):
    assert name in EXPECTED, f"no expectation for the URL name {name!r}"
    method, target, answers = EXPECTED[name]
    expected = answers[ROLES.index(role)]
    url = reverse(f"contributions:{name}", kwargs=world[target] if target else None)
    if role != "anonymous":
        client = client_for(world["users"][role])

    response = getattr(client, method)(url)

    login = reverse("account_login")
    if expected == LOGIN:
        assert response.status_code == 302, (name, role, response.status_code)
        assert urlparse(response["Location"]).path == login
    elif expected == REDIRECT:
        assert response.status_code == 302, (name, role, response.status_code)
        assert urlparse(response["Location"]).path != login
    else:
        assert response.status_code == expected, (name, role, response.status_code)
