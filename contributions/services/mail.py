"""Who moderates, and e-mail sent once the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from collectives.models import Collective

MODERATORS = "moderators"


def moderator_emails() -> list[str]:
    """Addresses of the active members of the moderators group."""
    group = Group.objects.filter(name=MODERATORS).first()
    if group is None:
        return []
    return list(
        group.user_set.filter(is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def is_moderator(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.groups.filter(name=MODERATORS).exists()
    )


def mail(*, to: Iterable[str], template: str, context: dict) -> None:
    """Send a plain-text e-mail after the transaction commits, in Dutch (the
    site's default language); the first line of the template is the subject."""
    recipients = [address for address in to if address]
    if not recipients:
        return

    def send():
        with translation.override(settings.LANGUAGE_CODE):
            subject, _sep, body = render_to_string(template, context).partition("\n")
        send_mail(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject.strip(),
            body.strip() + "\n",
            settings.DEFAULT_FROM_EMAIL,
            recipients,
        )

    transaction.on_commit(send)


def owner_emails(collective: Collective) -> list[str]:
    return list(collective.owners.exclude(email="").values_list("email", flat=True))
