"""All the data an account has given the atlas, for its own download."""

from __future__ import annotations

import json

from django.contrib.gis.geos import GEOSGeometry
from django.db.models import Prefetch
from django.utils import timezone

from collectives.models import (
    Claim,
    Collective,
    CollectiveInstrument,
    Invitation,
    ProposedChange,
    RoleCount,
)


def _collective_export(collective: Collective) -> dict:
    """Every stored field of a collective, contact details included, with its
    role counts and instruments (prefetched)."""
    data = {}
    for field in Collective._meta.concrete_fields:
        if field.is_relation:
            related = getattr(collective, field.name)
            value = str(related) if related is not None else None
        else:
            value = field.value_from_object(collective)
            if isinstance(value, GEOSGeometry):
                value = json.loads(value.json)
        data[field.name] = value
    data["role_counts"] = [
        {
            "role": str(row.get_role_display()),
            "count_min": row.count_min,
            "count_max": row.count_max,
            "description": row.description,
        }
        for row in collective.role_counts.all()
    ]
    data["instruments"] = [
        {"instrument": row.instrument.name, "use": row.use}
        for row in collective.instrument_uses.all()
    ]
    return data


def _collectives(user) -> list[dict]:
    collectives = (
        Collective.objects.filter(owners=user)
        .select_related("area", "operator", "source")
        .defer("area__boundary")
        .prefetch_related(
            Prefetch("role_counts", RoleCount.objects.order_by("role")),
            Prefetch(
                "instrument_uses",
                CollectiveInstrument.objects.select_related("instrument"),
            ),
        )
        .order_by("name", "pk")
    )
    return [_collective_export(c) for c in collectives]


def account_export(user) -> dict:
    """The account, its collectives with every field (contact details too), its
    proposed changes, claims and invitations."""
    changes = ProposedChange.objects.filter(author=user).select_related("collective")
    claims = Claim.objects.filter(user=user).select_related("collective")
    invitations = Invitation.objects.filter(invited_by=user).select_related(
        "collective"
    )
    return {
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in user.emailaddress_set.order_by("email")
            ],
        },
        "collectives": _collectives(user),
        "proposed_changes": [
            {
                "collective": c.collective.slug,
                "data": c.data,
                "state": c.state,
                "reason": c.reason,
                "created_at": c.created_at,
                "decided_at": c.decided_at,
            }
            for c in changes
        ],
        "claims": [
            {
                "collective": c.collective.slug,
                "message": c.message,
                "state": c.state,
                "reason": c.reason,
                "created_at": c.created_at,
                "decided_at": c.decided_at,
            }
            for c in claims
        ],
        "invitations_sent": [
            {
                "collective": i.collective.slug,
                "email": i.email,
                "created_at": i.created_at,
                "accepted_at": i.accepted_at,
            }
            for i in invitations
        ],
    }
