"""Accounts: sign up with e-mail and password, confirm the address from the
e-mail, log in and out, reset a password; logins are throttled with a cool-off."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.factories import CollectiveFactory

pytestmark = pytest.mark.django_db
PASSWORD = "een-lang-wachtwoord-42"


def _link(message) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.body).group(1)


def _sign_up(client, email="ann@example.nl"):
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_sign_up_confirm_the_address_and_be_logged_in(client):
    response = _sign_up(client)
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["ann@example.nl"]
    assert message.subject.startswith("[Collectievenatlas]")
    # Opening the link shows a confirmation page; only the POST confirms, so a
    # mail scanner or link preview does not confirm the address by itself.
    confirm = _link(message)
    assert client.get(confirm).status_code == 200
    assert not get_user_model().objects.get().emailaddress_set.get().verified
    client.post(confirm)
    assert get_user_model().objects.get().emailaddress_set.get().verified
    assert client.get(reverse("account_email")).status_code == 200  # logged in


def test_unconfirmed_account_cannot_log_in(client):
    _sign_up(client)
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "ann@example.nl", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "confirm-email" in response["Location"]


def test_sign_up_mistakes_are_shown_and_the_address_kept(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "ann@example.nl", "password1": PASSWORD, "password2": "anders"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="ann@example.nl"' in page
    assert "Je moet hetzelfde wachtwoord" in page or "hetzelfde" in page
    assert not mail.outbox


def _verified_user(email="bo@example.nl"):
    user = get_user_model().objects.create_user(
        username="bo", email=email, password=PASSWORD
    )
    user.emailaddress_set.create(email=email, verified=True, primary=True)
    return user


def _login(client, password, email="bo@example.nl"):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR="203.0.113.7",
    )


def test_log_in_and_out(client):
    _verified_user()
    assert _login(client, PASSWORD).status_code == 302
    assert client.get(reverse("account_email")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("account_email")).status_code == 302


def test_brute_force_is_throttled_then_cools_off(client, settings):
    _verified_user()
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "fout").status_code == 200  # form error
    assert _login(client, "fout").status_code == 429  # the limit: locked
    # Even the right password waits (axes' lockout page, or allauth's own rate
    # limit on failed logins, which answers first once it has counted five).
    locked = _login(client, PASSWORD)
    assert locked.status_code in (200, 429)
    assert "Te veel" in locked.content.decode()
    assert client.get(reverse("account_email")).status_code == 302  # not logged in
    # After the cool-off the account opens again by itself: no permanent lock.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )
    cache.clear()  # allauth's rate-limit window (5 minutes) has passed too
    assert _login(client, PASSWORD).status_code == 302


def test_the_lock_counts_case_insensitively_per_address(client, settings):
    _verified_user()
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        email = "BO@example.nl" if attempt % 2 else "bo@example.nl"
        _login(client, "fout", email=email)
    assert list(
        AccessAttempt.objects.values_list("username", "failures_since_start")
    ) == [("bo@example.nl", settings.AXES_FAILURE_LIMIT - 1)]
    assert _login(client, "fout", email="Bo@Example.nl").status_code == 429


def test_password_reset_sends_a_link_that_sets_a_new_password(client):
    _verified_user()
    client.post(reverse("account_reset_password"), {"email": "bo@example.nl"})
    (message,) = mail.outbox
    reset = client.get(_link(message), follow=True)
    form_url = reset.redirect_chain[-1][0] if reset.redirect_chain else _link(message)
    new = "nog-een-lang-wachtwoord-7"
    client.post(form_url, {"password1": new, "password2": new})
    client.logout()
    assert _login(client, new).status_code == 302


def test_every_change_to_a_collective_is_kept_in_its_history():
    collective = CollectiveFactory(name="Eerst")
    collective.name = "Daarna"
    collective.save()
    names = [h.name for h in collective.history.order_by("history_date")]
    assert names == ["Eerst", "Daarna"]


def test_behind_a_proxy_failed_logins_are_counted_per_client(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    _verified_user()
    proxy = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    client.post(
        reverse("account_login"),
        {"login": "bo@example.nl", "password": "fout"},
        **proxy,
    )
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [
        "203.0.113.7"
    ]
