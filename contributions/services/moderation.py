"""A moderator's decisions: registrations, owners' proposed changes, claims."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from collectives.models import Claim, Collective, ModerationState, ProposedChange
from contributions.profile import EDITABLE_FIELDS
from valuefan.models import Assessment

from .mail import mail, owner_emails
from .owners import from_json
from .registration import public_slug
from .states import HISTORY_CHANGE_APPROVED, Status, require


@transaction.atomic
def approve_registration(*, collective: Collective, moderator) -> Collective:
    """Submitted → published: the profile and its self-assessments become public."""
    require(collective, Status.SUBMITTED)
    collective.status = Status.PUBLISHED
    collective.slug = public_slug(collective)
    collective.confirmed_at = timezone.now()
    collective.save()
    # Only the collective's own self-assessments: staff may keep other readings
    # (a researcher's, a municipality's) private.
    Assessment.objects.filter(
        collective=collective,
        is_public=False,
        assessor_kind=Assessment.AssessorKind.SELF,
    ).update(is_public=True)
    mail(
        to=owner_emails(collective),
        template="contributions/email/approved.txt",
        context={"collective": collective, "site": settings.SITE_URL},
    )
    return collective


@transaction.atomic
def reject_registration(
    *, collective: Collective, moderator, reason: str
) -> Collective:
    """Submitted → rejected, with the reason sent to the owners."""
    require(collective, Status.SUBMITTED)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the owners a reason.")})
    collective.status = Status.REJECTED
    collective.moderation_note = reason.strip()
    collective.save()
    mail(
        to=owner_emails(collective),
        template="contributions/email/rejected.txt",
        context={"collective": collective, "reason": reason.strip()},
    )
    return collective


@transaction.atomic
def archive_collective(*, collective: Collective) -> Collective:
    """Published → archived: no longer public, kept with its history."""
    require(collective, Status.PUBLISHED)
    collective.status = Status.ARCHIVED
    collective.save()
    return collective


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
            if field not in EDITABLE_FIELDS:  # never status, slug, owners, contact…
                raise ValidationError(
                    _("%(field)s cannot be changed.") % {"field": field}
                )
            # An owner's change is to the Dutch content (the original).
            with translation.override(settings.LANGUAGE_CODE):
                setattr(collective, field, from_json(field, value))
        collective.confirmed_at = timezone.now()
        collective.full_clean()
        # The history names the owner who wrote the change (the moderator's
        # approval is the change's own record).
        collective._history_user = change.author or moderator
        collective._change_reason = HISTORY_CHANGE_APPROVED
        collective.save()
    change.state = ModerationState.APPROVED if approve else ModerationState.REJECTED
    change.reason = reason.strip()
    change.decided_at = timezone.now()
    change.decided_by = moderator
    change.save()
    if not approve:
        mail(
            to=[change.author.email] if change.author else [],
            template="contributions/email/change_rejected.txt",
            context={"collective": change.collective, "reason": change.reason},
        )
    return change


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
    mail(
        to=[claim.user.email],
        template="contributions/email/claim_approved.txt"
        if approve
        else "contributions/email/claim_rejected.txt",
        context={
            "collective": claim.collective,
            "reason": claim.reason,
            "site": settings.SITE_URL,
        },
    )
    return claim
