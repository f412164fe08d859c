"""Writes with side effects for registration and moderation. Each is keyword-only,
validates, runs in a transaction and sends its e-mail after the commit.

States are few and explicit: draft → submitted → published / rejected;
published → archived. A rejected registration can be edited and submitted again."""

from __future__ import annotations

import datetime
import json
import secrets
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from collectives.models import (
    CONFIRMATION_GRACE,
    CONFIRMATION_INTERVAL,
    Claim,
    Collective,
    CollectiveInstrument,
    Instrument,
    Invitation,
    ModerationState,
    Organisation,
    ProposedChange,
    RoleCount,
)
from valuefan.models import Assessment, LadderStep, ValueReach, ValueTheme

MODERATORS = "moderators"
# The public profile fields an owner may propose changes to.
EDITABLE_FIELDS = frozenset(
    {
        "name",
        "kind",
        "address",
        "postcode",
        "city",
        "location",
        "founded_year",
        "entrepreneur_count",
        "member_demonym",
        "entrepreneur_types",
        "tenure",
        "tenure_detail",
        "tenure_end_date",
        "building_count",
        "floor_area_m2",
        "outdoor_area_m2",
        "rent_eur_m2_year",
        "building_description",
        "building_history",
        "governance",
        "website",
        "other_websites",
        "description",
        "contact_name",
        "contact_email",
        "contact_phone",
    }
)
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
        template="contributions/email/submitted.txt",
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
    # Only the collective's own self-assessments: staff may keep other readings
    # (a researcher's, a municipality's) private.
    Assessment.objects.filter(
        collective=collective,
        is_public=False,
        assessor_kind=Assessment.AssessorKind.SELF,
    ).update(is_public=True)
    _mail(
        to=_owner_emails(collective),
        template="contributions/email/approved.txt",
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
        template="contributions/email/rejected.txt",
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
        template="contributions/email/change_submitted.txt",
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
            if field not in EDITABLE_FIELDS:  # never status, slug, owners, contact…
                raise ValidationError(
                    _("%(field)s cannot be changed.") % {"field": field}
                )
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
        _mail(
            to=[change.author.email] if change.author else [],
            template="contributions/email/change_rejected.txt",
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
        template="contributions/email/claim_submitted.txt",
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
    _mail(
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
        template="contributions/email/invitation.txt",
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


# --- Self-registration: drafts and the guided self-assessment ------------------
# A draft is saved as the owner goes, so it may lack what only submission needs.

# Path segments under /aanmelden/ that a draft's slug must not take.
# Slugs that would shadow a page under /aanmelden/ or /mijn/.
RESERVED_SLUGS = frozenset({"dubbel", "gegevens.json", "account-verwijderen"})
# Fields a draft may leave blank; submit_registration's full_clean() requires them.
DRAFT_MAY_LACK = ("city", "governance")
# What an owner may type into a registration (never status, slug or owners).
REGISTRATION_FIELDS = (
    "name",
    "address",
    "postcode",
    "city",
    "location",
    "kind",
    "founded_year",
    "entrepreneur_count",
    "member_demonym",
    "entrepreneur_types",
    "tenure",
    "tenure_detail",
    "tenure_end_date",
    "floor_area_m2",
    "rent_eur_m2_year",
    "governance",
    "website",
    "description",
    "contact_name",
    "contact_email",
    "contact_phone",
)
SELF_ASSESSOR = "Zelfbeoordeling"


def _unique_slug(model, name: str, *, fallback: str) -> str:
    base = slugify(name)[:190].strip("-") or fallback
    taken = set(
        model.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken or slug in RESERVED_SLUGS:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _operator_named(name: str) -> Organisation | None:
    """The organisation with this name (any kind, case-insensitive), or a new
    operator organisation; None for an empty name."""
    name = " ".join(name.split())
    if not name:
        return None
    existing = Organisation.objects.filter(name__iexact=name).order_by("pk").first()
    if existing is not None:
        return existing
    organisation = Organisation(
        name=name,
        slug=_unique_slug(Organisation, name, fallback="organisatie"),
        kind=Organisation.Kind.OPERATOR,
    )
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def start_registration(
    *, user, name: str, kind: str, tenure: str, location
) -> Collective:
    """A new draft collective owned by `user`, with a slug made unique from its
    name and the point the owner placed on the map (so its location is exact)."""
    with translation.override(settings.LANGUAGE_CODE):
        provenance = _("Registered by the collective itself.")
    collective = Collective(
        name=name.strip(),
        slug=_unique_slug(Collective, name, fallback="collectief"),
        kind=kind,
        tenure=tenure,
        location=location,
        location_precision=Collective.LocationPrecision.EXACT,
        status=Status.DRAFT,
        provenance=provenance,
    )
    collective._history_user = user  # counted by the registration throttle
    collective.full_clean(exclude=DRAFT_MAY_LACK)
    collective.save()
    collective.owners.add(user)
    return collective


@transaction.atomic
def save_draft(
    *,
    collective: Collective,
    user,
    data: dict,
    role_counts: dict[int, int | None] | None = None,
    instruments: dict[Instrument, str] | None = None,
    operator_name: str | None = None,
) -> Collective:
    """Store what the owner typed into a draft (or rejected) registration. Only the
    fields given change. `role_counts` maps a Role to a count (None removes it);
    `instruments` maps an Instrument to "used", "considered" or "" (removes it);
    `operator_name` (if given) links an organisation of that name, made if new."""
    _require(collective, Status.DRAFT, Status.REJECTED)
    unknown = set(data) - set(REGISTRATION_FIELDS)
    if unknown:
        raise ValidationError(f"Not a registration field: {', '.join(sorted(unknown))}")
    for field, value in data.items():
        setattr(collective, field, value)
    if operator_name is not None:
        collective.operator = _operator_named(operator_name)
    collective._history_user = user
    collective.full_clean(exclude=DRAFT_MAY_LACK)
    collective.save()
    for role, count in (role_counts or {}).items():
        if count is None:
            RoleCount.objects.filter(collective=collective, role=role).delete()
        else:
            RoleCount.objects.update_or_create(
                collective=collective,
                role=role,
                defaults={"count_min": count, "count_max": count},
            )
    for instrument, use in (instruments or {}).items():
        if use:
            CollectiveInstrument.objects.update_or_create(
                collective=collective, instrument=instrument, defaults={"use": use}
            )
        else:
            CollectiveInstrument.objects.filter(
                collective=collective, instrument=instrument
            ).delete()
    return collective


def draft_self_assessment(collective: Collective) -> Assessment | None:
    """The registration's own self-assessment (not yet public), with its reaches."""
    return (
        Assessment.objects.filter(
            collective=collective,
            assessor_kind=Assessment.AssessorKind.SELF,
            assessor=SELF_ASSESSOR,
            is_public=False,
        )
        .select_related("ladder_step")
        .prefetch_related(
            models.Prefetch("reaches", ValueReach.objects.select_related("theme"))
        )
        .first()
    )


@transaction.atomic
def record_self_assessment(
    *,
    collective: Collective,
    ladder_step: int | None,
    ladder_rationale: str = "",
    phase: int | None = None,
    reaches: Iterable[tuple[ValueTheme, int, str]] = (),
) -> Assessment | None:
    """Replace the registration's self-assessment (dated today, not public until a
    moderator approves the collective) with this one: a ladder step 1–6 with the
    answers that placed it, an optional phase and, per value theme, its furthest
    reach with evidence. Returns None (and keeps nothing) when all is empty."""
    _require(collective, Status.DRAFT, Status.REJECTED)
    if ladder_step is not None and not 1 <= ladder_step <= 6:
        raise ValidationError(
            {"ladder_step": _("A self-assessment places a collective on steps 1–6.")}
        )
    reaches = list(reaches)
    Assessment.objects.filter(
        collective=collective,
        assessor_kind=Assessment.AssessorKind.SELF,
        assessor=SELF_ASSESSOR,
        is_public=False,
    ).delete()
    if (
        ladder_step is None
        and phase is None
        and not reaches
        and not ladder_rationale.strip()
    ):
        return None
    assessment = Assessment(
        collective=collective,
        assessed_on=timezone.localdate(),
        assessor_kind=Assessment.AssessorKind.SELF,
        assessor=SELF_ASSESSOR,
        is_public=False,
        ladder_step=(
            LadderStep.objects.filter(number=ladder_step).first()
            if ladder_step is not None
            else None
        ),
        ladder_rationale=ladder_rationale.strip(),
        phase=phase,
    )
    assessment.full_clean()
    assessment.save()
    rows = [
        ValueReach(assessment=assessment, theme=theme, reach=reach, evidence=evidence)
        for theme, reach, evidence in reaches
    ]
    for row in rows:
        row.full_clean(exclude=["assessment"])
    ValueReach.objects.bulk_create(rows)
    return assessment


# --- Owners: proposed values, confirmation, the yearly update round --------------

# Change reasons kept in a collective's history, so its history page can say what
# happened. The reminder records are also the log the yearly round reads.
HISTORY_CHANGE_APPROVED = "change-approved"
HISTORY_CONFIRMED = "confirmed"
HISTORY_REMINDED = "yearly-reminder"
# The yearly round reminds at most once per interval, and at most so many times
# until the owners confirm or update the profile.
REMINDER_INTERVAL = datetime.timedelta(days=30)
REMINDERS_PER_ROUND = 3


def to_json(value: object) -> object:
    """A form's cleaned value as it is kept in ProposedChange.data: geometries as
    EWKT, dates as ISO text, decimals as text (decide_change reads them back)."""
    if isinstance(value, GEOSGeometry):
        return value.ewkt
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def from_json(field_name: str, value: object) -> object:
    """A value from ProposedChange.data as the model field takes it: a geometry
    (EWKT, WKT or GeoJSON) parsed in the project's SRID; anything else is left to
    full_clean(), which turns text into dates and decimals."""
    field = Collective._meta.get_field(field_name)
    if not isinstance(field, GeometryField) or value in (None, ""):
        return value
    if isinstance(value, dict):
        value = json.dumps(value)
    try:
        geometry = GEOSGeometry(value)
    except (GEOSException, GDALException, ValueError, TypeError) as error:
        raise ValidationError(
            {field_name: _("This is not a valid location.")}
        ) from error
    if geometry.geom_type.upper() != field.geom_type:
        raise ValidationError({field_name: _("This is not a valid location.")})
    if not geometry.srid:
        geometry.srid = settings.GEOMETRY_SRID
    elif geometry.srid != settings.GEOMETRY_SRID:
        geometry.transform(settings.GEOMETRY_SRID)
    return geometry


@transaction.atomic
def confirm_collective(*, collective: Collective, user) -> Collective:
    """An owner says the published profile is still correct: `confirmed_at`
    becomes now. Its facts, and so its "last updated", stay as they are."""
    _require(collective, Status.PUBLISHED)
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
    _require(collective, Status.PUBLISHED)
    addresses = _owner_emails(collective)
    if not addresses:
        return []
    last_confirmed = collective.confirmed_at or collective.updated_at
    marked_from = last_confirmed + CONFIRMATION_INTERVAL + grace
    now = timezone.now()
    for address in addresses:  # one message each: owners need not share addresses
        _mail(
            to=[address],
            template="contributions/email/yearly_reminder.txt",
            context={
                "collective": collective,
                "last_confirmed": last_confirmed,
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
