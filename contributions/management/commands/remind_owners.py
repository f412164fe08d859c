"""The yearly update round: e-mail the owners of published collectives whose
profile was not confirmed for 12 months, with a link to confirm or update it.

A collective is reminded at most once per 30 days and at most three times until
its owners confirm or update it; each reminder is kept in the collective's
history, which is how the next run knows. So the command can run as often as
you like; once a day is a good rhythm, for example from cron:

    15 7 * * *  cd /srv/collectievenatlas && .venv/bin/python manage.py remind_owners

Profiles not confirmed for 12 months plus the grace period are marked as
unconfirmed on their public page; that is computed from the dates, so nothing
here writes it."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from collectives.models import CONFIRMATION_GRACE, Collective
from contributions import services


def reminders_due(*, now: datetime.datetime) -> list[Collective]:
    """Published collectives with owners, unconfirmed for 12 months, not reminded
    in the last 30 days and reminded fewer than three times since they were
    last confirmed; owners prefetched."""
    reminders = Collective.history.filter(
        id=OuterRef("pk"), history_change_reason=services.HISTORY_REMINDED
    )
    since_confirmed = (
        reminders.filter(history_date__gt=OuterRef("last_confirmed"))
        .order_by()
        .values("id")
        .annotate(n=Count("history_id"))
        .values("n")
    )
    recent = reminders.filter(history_date__gte=now - services.REMINDER_INTERVAL)
    return list(
        Collective.objects.confirmation_due(now=now)
        .annotate(
            reminders_sent=Coalesce(
                Subquery(since_confirmed, output_field=IntegerField()), 0
            )
        )
        .filter(~Exists(recent), reminders_sent__lt=services.REMINDERS_PER_ROUND)
        .prefetch_related("owners")
        .order_by("name", "pk")
    )


class Command(BaseCommand):
    help = (
        "E-mail the owners of published collectives not confirmed for 12 months "
        "(at most once per 30 days). Safe to run daily from cron."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List who would be reminded; send and record nothing.",
        )
        parser.add_argument(
            "--grace-days",
            type=int,
            default=CONFIRMATION_GRACE.days,
            help=(
                "Days after the 12 months before a profile is marked as unconfirmed, "
                "as the e-mail announces it (default: %(default)s, as the profile "
                "pages use)."
            ),
        )

    def handle(self, *args, dry_run: bool, grace_days: int, **options) -> None:
        now = timezone.now()
        grace = datetime.timedelta(days=max(grace_days, 0))
        due = reminders_due(now=now)
        people = 0
        for collective in due:
            if dry_run:
                addresses = [o.email for o in collective.owners.all() if o.email]
            else:
                addresses = services.remind_to_confirm(
                    collective=collective, grace=grace
                )
            people += len(addresses)
            self.stdout.write(
                f"{'Would remind' if dry_run else 'Reminded'} {collective.slug}: "
                f"{len(addresses)} owner(s), last confirmed "
                f"{collective.last_confirmed:%Y-%m-%d}"
            )
        verb = "Would send" if dry_run else "Sent"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {people} reminder(s) for {len(due)} collective(s)."
            )
        )
