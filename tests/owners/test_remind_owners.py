"""The yearly update round: `remind_owners` e-mails the owners of profiles not
confirmed for 12 months (at most once per 30 days), and a profile unconfirmed
past the grace period says so on its public page."""

import datetime
import io

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from collectives.models import Collective

from .helpers import make_user, owned_collective

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def age(collective, *, confirmed_days_ago=None, updated_days_ago=None):
    now = timezone.now()
    Collective.objects.filter(pk=collective.pk).update(
        confirmed_at=now - confirmed_days_ago * DAY if confirmed_days_ago else None,
        updated_at=now - (updated_days_ago or 0) * DAY,
    )
    collective.refresh_from_db()
    return collective


def remind(*args, callbacks) -> str:
    out = io.StringIO()
    with callbacks(execute=True):
        call_command("remind_owners", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def stale(owner):
    collective = owned_collective(owner, name="Oud & Pand", slug="oud-pand")
    collective.owners.add(make_user("co@example.nl"))
    return age(collective, confirmed_days_ago=400)


def test_only_the_owners_of_stale_profiles_are_reminded(
    stale, other_user, django_capture_on_commit_callbacks
):
    fresh = age(owned_collective(other_user), confirmed_days_ago=100)
    never_confirmed_but_updated = age(owned_collective(other_user), updated_days_ago=30)
    never_confirmed_long_ago = age(
        owned_collective(other_user, name="Vergeten", slug="vergeten"),
        updated_days_ago=500,
    )
    draft = age(owned_collective(other_user, status="draft"), updated_days_ago=500)
    without_owners = age(owned_collective(other_user), confirmed_days_ago=500)
    without_owners.owners.clear()

    last_updated = stale.updated_at

    output = remind(callbacks=django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mail.outbox) == [
        "ann@example.nl",
        "bo@example.nl",
        "co@example.nl",
    ]
    assert "oud-pand" in output and "vergeten" in output
    for untouched in (fresh, never_confirmed_but_updated, draft, without_owners):
        assert untouched.slug not in output
    message = next(m for m in mail.outbox if m.to == ["ann@example.nl"])
    assert "Oud & Pand" in message.subject  # plain text: nothing escaped
    assert "Oud & Pand" in message.body
    assert "/mijn/oud-pand/" in message.body
    # Kept in the history, without touching "last updated".
    stale.refresh_from_db()
    reminder = stale.history.latest()
    assert reminder.history_change_reason == "yearly-reminder"
    assert stale.updated_at == last_updated
    assert never_confirmed_long_ago.slug in output


def test_dry_run_sends_and_records_nothing(stale, django_capture_on_commit_callbacks):
    output = remind("--dry-run", callbacks=django_capture_on_commit_callbacks)
    assert "Would remind oud-pand: 2 owner(s)" in output
    assert mail.outbox == []
    assert stale.history.count() == 1


def test_owners_are_reminded_at_most_once_in_30_days(
    stale, django_capture_on_commit_callbacks
):
    remind(callbacks=django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2
    remind(callbacks=django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 2  # the next day: nothing

    # 31 days later: again; after three reminders, silence until they confirm.
    for expected in (4, 6, 6):
        stale.history.filter(history_change_reason="yearly-reminder").update(
            history_date=timezone.now() - 31 * DAY
        )
        remind(callbacks=django_capture_on_commit_callbacks)
        assert len(mail.outbox) == expected


def test_a_confirmed_profile_is_not_reminded(
    owner_client, stale, django_capture_on_commit_callbacks
):
    owner_client.post(reverse("contributions:owner-confirm", args=[stale.slug]))
    remind(callbacks=django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_the_reminder_announces_when_the_profile_is_marked(
    stale, django_capture_on_commit_callbacks
):
    age(stale, confirmed_days_ago=370)  # within the 45 days' grace
    remind("--grace-days", "45", callbacks=django_capture_on_commit_callbacks)
    marked_from = stale.confirmed_at + datetime.timedelta(days=365 + 45)
    with translation.override("nl"):  # e-mails are in the site's language
        when = date_format(timezone.localtime(marked_from), "j F Y")
    assert when in mail.outbox[0].body


def test_the_profile_says_unconfirmed_only_after_the_grace_period(client, stale):
    text = "Not confirmed by its owners for over a year."
    assert stale.is_marked_unconfirmed
    assert text in client.get(stale.get_absolute_url()).content.decode()

    age(stale, confirmed_days_ago=380)  # 12 months, but within the grace period
    assert not stale.is_marked_unconfirmed
    # Only time moved, not the data: a cached copy of the page lives at most
    # PAGE_CACHE_SECONDS (an hour), after which the page says so again.
    cache.clear()
    assert text not in client.get(stale.get_absolute_url()).content.decode()


def test_profiles_without_owners_are_never_marked(other_user):
    curated = age(owned_collective(other_user), updated_days_ago=900)
    curated.owners.clear()
    assert not curated.is_marked_unconfirmed
