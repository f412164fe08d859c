"""Owners: proposed changes to a published profile, co-owners by invitation,
deleting the account."""

from __future__ import annotations

import datetime
import json
import secrets
from decimal import Decimal

from django.conf import settings
from django.contrib.gis.db.models import GeometryField
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, GEOSGeometry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from collectives.models import Collective, Invitation, ProposedChange

from .mail import mail, moderator_emails
from .states import Status, require


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
def propose_change(*, collective: Collective, user, data: dict) -> ProposedChange:
    """An owner's edit of a published profile: kept apart until approved."""
    require(collective, Status.PUBLISHED)
    change = ProposedChange.objects.create(
        collective=collective, author=user, data=data
    )
    mail(
        to=moderator_emails(),
        template="contributions/email/change_submitted.txt",
        context={"collective": collective, "user": user, "site": settings.SITE_URL},
    )
    return change


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
    mail(
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
    if invitation.has_expired:
        raise ValidationError(
            _("This invitation has expired; ask the owner to send a new one.")
        )
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
