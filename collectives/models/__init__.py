"""Collectives, the areas they sit in, the organisations around them, and the
facts a profile shows: role counts, timeline events, quotes and sources; plus
what waits for moderation. One module per theme; every name is importable from
`collectives.models` as before."""

from .area import Area, AreaQuerySet
from .base import (
    CONFIRMATION_GRACE,
    CONFIRMATION_INTERVAL,
    FOUNDED_YEAR_MAX,
    FOUNDED_YEAR_MIN,
    SRID,
    CollectiveChildManager,
    SlugManager,
    Source,
)
from .collective import (
    Collective,
    CollectiveGovernance,
    CollectiveKind,
    CollectiveLocationPrecision,
    CollectiveQuerySet,
    CollectiveStatus,
    CollectiveTenure,
)
from .moderation import Claim, Invitation, ModerationState, ProposedChange
from .organisation import Organisation
from .profile import (
    CollectiveInstrument,
    CollectiveOrganisation,
    Instrument,
    InstrumentGroup,
    InstrumentManager,
    Quote,
    Role,
    RoleCount,
    TimelineEvent,
)

__all__ = [
    "CONFIRMATION_GRACE",
    "CONFIRMATION_INTERVAL",
    "FOUNDED_YEAR_MAX",
    "FOUNDED_YEAR_MIN",
    "SRID",
    "Area",
    "AreaQuerySet",
    "Claim",
    "Collective",
    "CollectiveChildManager",
    "CollectiveGovernance",
    "CollectiveInstrument",
    "CollectiveKind",
    "CollectiveLocationPrecision",
    "CollectiveOrganisation",
    "CollectiveQuerySet",
    "CollectiveStatus",
    "CollectiveTenure",
    "Instrument",
    "InstrumentGroup",
    "InstrumentManager",
    "Invitation",
    "ModerationState",
    "Organisation",
    "ProposedChange",
    "Quote",
    "Role",
    "RoleCount",
    "SlugManager",
    "Source",
    "TimelineEvent",
]
