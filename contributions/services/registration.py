"""Self-registration: drafts, the guided self-assessment, submission, claims.

A draft is saved as the owner goes, so it may lack what only submission needs."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from collectives.models import (
    Claim,
    Collective,
    CollectiveInstrument,
    Instrument,
    ModerationState,
    Organisation,
    RoleCount,
)
from contributions.profile import DRAFT_MAY_LACK, REGISTRATION_FIELDS
from contributions.routes import RESERVED_SLUGS
from valuefan.models import (
    Assessment,
    DirectionReading,
    LadderStep,
    ValueReach,
    ValueTheme,
)

from .mail import mail, moderator_emails
from .states import Status, require

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


def draft_slug(name: str) -> str:
    """A new draft's slug: its name plus a random part, always, so that the slug
    says nothing about other, hidden registrations of the same name. Approval
    gives the plain name where it is free (public_slug)."""
    base = slugify(name)[:180].strip("-") or "collectief"
    while True:
        slug = f"{base}-{secrets.token_hex(3)}"
        if not Collective.objects.filter(slug=slug).exists():
            return slug


def public_slug(collective: Collective) -> str:
    """The slug a collective gets when it is published: its plain name where no
    other collective has it (and it is no path of the registration pages), else
    the one it has."""
    plain = slugify(collective.name)[:190].strip("-")
    free = (
        plain
        and plain not in RESERVED_SLUGS
        and not Collective.objects.filter(slug=plain).exclude(pk=collective.pk).exists()
    )
    return plain if free else collective.slug


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
        slug=draft_slug(name),
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
    require(collective, Status.DRAFT, Status.REJECTED)
    unknown = set(data) - set(REGISTRATION_FIELDS)
    if unknown:
        raise ValidationError(f"Not a registration field: {', '.join(sorted(unknown))}")
    # The owners write the Dutch content, whatever the page's language.
    with translation.override(settings.LANGUAGE_CODE):
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


def _self_assessments(collective: Collective):
    return Assessment.objects.filter(
        collective=collective,
        assessor_kind=Assessment.AssessorKind.SELF,
        assessor=SELF_ASSESSOR,
        is_public=False,
    )


def draft_self_assessment(collective: Collective) -> Assessment | None:
    """The registration's own self-assessment (not yet public), with its reaches."""
    return (
        _self_assessments(collective)
        .select_related("ladder_step")
        .prefetch_related(
            models.Prefetch("reaches", ValueReach.objects.select_related("theme")),
            "directions",
        )
        .first()
    )


@transaction.atomic
def record_self_assessment(
    *,
    collective: Collective,
    ladder_step: int | None,
    ladder_rationale: str = "",
    directions: Iterable[int] = (),
    directions_note: str = "",
    reaches: Iterable[tuple[ValueTheme, int, str]] = (),
) -> Assessment | None:
    """Replace the registration's self-assessment (dated today, not public until a
    moderator approves the collective) with this one: a ladder step 1–6 with the
    answers that placed it, the directions it shows (with a note) and, per value
    theme, its furthest
    reach with evidence. Returns None (and keeps nothing) when all is empty."""
    require(collective, Status.DRAFT, Status.REJECTED)
    if ladder_step is not None and not 1 <= ladder_step <= 6:
        raise ValidationError(
            {"ladder_step": _("A self-assessment places a collective on steps 1–6.")}
        )
    reaches = list(reaches)
    directions = sorted(set(directions))
    _self_assessments(collective).delete()
    if (
        ladder_step is None
        and not directions
        and not directions_note.strip()
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
        directions_note=directions_note.strip(),
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
    shown = [
        DirectionReading(assessment=assessment, direction=direction)
        for direction in directions
    ]
    for row in shown:
        row.full_clean(exclude=["assessment"])
    DirectionReading.objects.bulk_create(shown)
    return assessment


@transaction.atomic
def submit_registration(*, collective: Collective, user) -> Collective:
    """Draft (or rejected) → submitted; moderators get an e-mail."""
    require(collective, Status.DRAFT, Status.REJECTED)
    if not collective.publication_consent:
        raise ValidationError(
            {"publication_consent": _("Publishing requires your consent.")}
        )
    collective.full_clean()
    collective.status = Status.SUBMITTED
    collective.submitted_at = timezone.now()
    collective.moderation_note = ""
    collective.save()
    mail(
        to=moderator_emails(),
        template="contributions/email/submitted.txt",
        context={"collective": collective, "user": user, "site": settings.SITE_URL},
    )
    return collective


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
    mail(
        to=moderator_emails(),
        template="contributions/email/claim_submitted.txt",
        context={"collective": collective, "user": user, "site": settings.SITE_URL},
    )
    return claim
