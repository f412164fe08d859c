"""The yearly update round: owners confirm a published profile is still
correct, and are reminded when that is due."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collectives.models import CONFIRMATION_GRACE, Collective

from .mail import mail, owner_emails
from .states import HISTORY_CONFIRMED, HISTORY_REMINDED, Status, require

# The yearly round reminds at most once per interval, and at most so many times
# until the owners confirm or update the profile.
REMINDER_INTERVAL = datetime.timedelta(days=30)
REMINDERS_PER_ROUND = 3


@transaction.atomic
def confirm_collective(*, collective: Collective, user) -> Collective:
    """An owner says the published profile is still correct: `confirmed_at`
    becomes now. Its facts, and so its "last updated", stay as they are."""
    require(collective, Status.PUBLISHED)
    if not collective.owners.filter(pk=user.pk).exists():
        raise ValidationError(_("Only an owner can confirm the profile."))
    collective.confirmed_at = timezone.now()
    collective._history_user = user
    collective._change_reason = HISTORY_CONFIRMED
    collective.save(update_fields=["confirmed_at"])
    return collective


@transaction.atomic
def remind_to_confirm(
    *,
    collective: Collective,
    grace: datetime.timedelta = CONFIRMATION_GRACE,
) -> list[str]:
    """E-mail each owner of a published collective that its yearly confirmation
    is due, with the link to confirm or update it, and keep the reminder in the
    collective's history. Returns the addresses written to."""
    require(collective, Status.PUBLISHED)
    addresses = owner_emails(collective)
    if not addresses:
        return []
    marked_from = collective.marked_unconfirmed_at(grace)
    now = timezone.now()
    for address in addresses:  # one message each: owners need not share addresses
        mail(
            to=[address],
            template="contributions/email/yearly_reminder.txt",
            context={
                "collective": collective,
                "last_confirmed": collective.last_confirmed_at,
                "marked_from": marked_from,
                "marked": marked_from <= now,
                "site": settings.SITE_URL,
            },
        )
    # A history record without a save, so "last updated" stays as it is.
    Collective.history.bulk_history_create(
        [collective],
        update=True,
        default_change_reason=HISTORY_REMINDED,
        default_date=now,
    )
    return addresses
