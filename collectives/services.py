"""Writes with side effects for registration and moderation. Each is keyword-only,
validates, runs in a transaction and sends its e-mail after the commit.

States are few and explicit: draft → submitted → published / rejected;
published → archived. A rejected registration can be edited and submitted again."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from valuefan.models import Assessment

from .models import Claim, Collective, Invitation, ModerationState, ProposedChange

MODERATORS = "moderators"
Status = Collective.Status


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


def _mail(*, to: Iterable[str], template: str, context: dict) -> None:
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


def _owner_emails(collective: Collective) -> list[str]:
    return list(collective.owners.exclude(email="").values_list("email", flat=True))


def _require(collective: Collective, *states: str) -> None:
    if collective.status not in states:
        raise ValidationError(
            _("This is not possible while the collective is %(status)s.")
            % {"status": collective.get_status_display()}
        )


@transaction.atomic
def submit_registration(*, collective: Collective, user) -> Collective:
    """Draft (or rejected) → submitted; moderators get an e-mail."""
    _require(collective, Status.DRAFT, Status.REJECTED)
    if not collective.publication_consent:
        raise ValidationError(
            {"publication_consent": _("Publishing requires your consent.")}
        )
    collective.full_clean()
    collective.status = Status.SUBMITTED
    collective.submitted_at = timezone.now()
    collective.moderation_note = ""
    collective.save()
    _mail(
        to=moderator_emails(),
        template="email/submitted.txt",
        context={"collective": collective, "user": user, "site": settings.SITE_URL},
    )
    return collective


@transaction.atomic
def approve_registration(*, collective: Collective, moderator) -> Collective:
    """Submitted → published: the profile and its self-assessments become public."""
    _require(collective, Status.SUBMITTED)
    collective.status = Status.PUBLISHED
    collective.confirmed_at = timezone.now()
    collective.save()
    Assessment.objects.filter(collective=collective, is_public=False).update(
        is_public=True
    )
    _mail(
        to=_owner_emails(collective),
        template="email/approved.txt",
        context={"collective": collective, "site": settings.SITE_URL},
    )
    return collective


@transaction.atomic
def reject_registration(
    *, collective: Collective, moderator, reason: str
) -> Collective:
    """Submitted → rejected, with the reason sent to the owners."""
    _require(collective, Status.SUBMITTED)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the owners a reason.")})
    collective.status = Status.REJECTED
    collective.moderation_note = reason.strip()
    collective.save()
    _mail(
        to=_owner_emails(collective),
        template="email/rejected.txt",
        context={"collective": collective, "reason": reason.strip()},
    )
    return collective


@transaction.atomic
def archive_collective(*, collective: Collective) -> Collective:
    """Published → archived: no longer public, kept with its history."""
    _require(collective, Status.PUBLISHED)
    collective.status = Status.ARCHIVED
    collective.save()
    return collective


@transaction.atomic
def propose_change(*, collective: Collective, user, data: dict) -> ProposedChange:
    """An owner's edit of a published profile: kept apart until approved."""
    _require(collective, Status.PUBLISHED)
    change = ProposedChange.objects.create(
        collective=collective, author=user, data=data
    )
    _mail(
        to=moderator_emails(),
        template="email/change_submitted.txt",
        context={"collective": collective, "user": user, "site": settings.SITE_URL},
    )
    return change


@transaction.atomic
def decide_change(
    *, change: ProposedChange, moderator, approve: bool, reason: str = ""
) -> ProposedChange:
    """Apply (approve) or refuse (reject, with a reason) a proposed change."""
    if change.state != ModerationState.SUBMITTED:
        raise ValidationError(_("This change has already been decided."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Give the owners a reason.")})
    if approve:
        collective = change.collective
        for field, value in change.data.items():
            setattr(collective, field, value)
        collective.confirmed_at = timezone.now()
        collective.full_clean()
        collective.save()
    change.state = ModerationState.APPROVED if approve else ModerationState.REJECTED
    change.reason = reason.strip()
    change.decided_at = timezone.now()
    change.decided_by = moderator
    change.save()
    if not approve:
        _mail(
            to=[change.author.email] if change.author else [],
            template="email/change_rejected.txt",
            context={"collective": change.collective, "reason": change.reason},
        )
    return change


@transaction.atomic
def claim_collective(*, collective: Collective, user, message: str = "") -> Claim:
    """Ask to become an owner of an existing collective (goes to moderation)."""
    if collective.owners.filter(pk=user.pk).exists():
        raise ValidationError(_("You already own this collective."))
    if Claim.objects.filter(
        collective=collective, user=user, state=ModerationState.SUBMITTED
    ).exists():
        raise ValidationError(_("Your claim is already waiting for a moderator."))
    claim = Claim.objects.create(collective=collective, user=user, message=message)
    _mail(
        to=moderator_emails(),
        template="email/claim_submitted.txt",
        context={"collective": collective, "user": user, "site": settings.SITE_URL},
    )
    return claim


@transaction.atomic
def decide_claim(*, claim: Claim, moderator, approve: bool, reason: str = "") -> Claim:
    if claim.state != ModerationState.SUBMITTED:
        raise ValidationError(_("This claim has already been decided."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Give a reason.")})
    if approve:
        claim.collective.owners.add(claim.user)
    claim.state = ModerationState.APPROVED if approve else ModerationState.REJECTED
    claim.reason = reason.strip()
    claim.decided_at = timezone.now()
    claim.save()
    return claim


@transaction.atomic
def invite_co_owner(*, collective: Collective, inviter, email: str) -> Invitation:
    """E-mail a one-time link that makes the recipient a co-owner."""
    if not collective.owners.filter(pk=inviter.pk).exists():
        raise ValidationError(_("Only an owner can invite co-owners."))
    invitation = Invitation.objects.create(
        collective=collective,
        email=email.strip().lower(),
        token=secrets.token_urlsafe(32),
        invited_by=inviter,
    )
    _mail(
        to=[invitation.email],
        template="email/invitation.txt",
        context={"invitation": invitation, "site": settings.SITE_URL},
    )
    return invitation


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user) -> Collective:
    """The invited account (with the invited, verified address) becomes an owner."""
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been used."))
    verified = user.emailaddress_set.filter(
        email__iexact=invitation.email, verified=True
    ).exists()
    if not verified:
        raise ValidationError(
            _("Log in with the address the invitation was sent to (%(email)s).")
            % {"email": invitation.email}
        )
    invitation.collective.owners.add(user)
    invitation.accepted_at = timezone.now()
    invitation.save()
    return invitation.collective


@transaction.atomic
def delete_account(*, user) -> list[Collective]:
    """Delete an account. Collectives it alone owned are archived (published ones)
    or deleted (drafts never made public), not silently kept public."""
    archived = []
    for collective in user.owned_collectives.all():
        if collective.owners.exclude(pk=user.pk).exists():
            continue
        if collective.status == Status.PUBLISHED:
            collective.status = Status.ARCHIVED
            collective.save()
            archived.append(collective)
        elif collective.status in (Status.DRAFT, Status.REJECTED, Status.SUBMITTED):
            collective.delete()
    user.delete()
    return archived
