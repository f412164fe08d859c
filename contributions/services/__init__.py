"""Writes with side effects for registration, moderation and the owners. Each is
keyword-only, validates, runs in a transaction and sends its e-mail after the
commit. Split by theme; the public names are all here, so callers write
`from contributions import services` and `services.approve_registration(...)`."""

from django.core.exceptions import ValidationError

from contributions.profile import EDITABLE_FIELDS, REGISTRATION_FIELDS
from contributions.routes import RESERVED_SLUGS

from .mail import MODERATORS, is_moderator, moderator_emails
from .moderation import (
    approve_registration,
    archive_collective,
    decide_change,
    decide_claim,
    reject_registration,
)
from .owners import (
    accept_invitation,
    delete_account,
    from_json,
    invite_co_owner,
    propose_change,
    to_json,
)
from .registration import (
    DRAFT_MAY_LACK,
    SELF_ASSESSOR,
    claim_collective,
    draft_self_assessment,
    record_self_assessment,
    save_draft,
    start_registration,
    submit_registration,
)
from .states import (
    HISTORY_CHANGE_APPROVED,
    HISTORY_CONFIRMED,
    HISTORY_REMINDED,
    Status,
)
from .yearly import (
    REMINDER_INTERVAL,
    REMINDERS_PER_ROUND,
    confirm_collective,
    remind_to_confirm,
)

__all__ = [
    "DRAFT_MAY_LACK",
    "EDITABLE_FIELDS",
    "HISTORY_CHANGE_APPROVED",
    "HISTORY_CONFIRMED",
    "HISTORY_REMINDED",
    "MODERATORS",
    "REGISTRATION_FIELDS",
    "REMINDERS_PER_ROUND",
    "REMINDER_INTERVAL",
    "RESERVED_SLUGS",
    "SELF_ASSESSOR",
    "Status",
    "ValidationError",
    "accept_invitation",
    "approve_registration",
    "archive_collective",
    "claim_collective",
    "confirm_collective",
    "decide_change",
    "decide_claim",
    "delete_account",
    "draft_self_assessment",
    "from_json",
    "invite_co_owner",
    "is_moderator",
    "moderator_emails",
    "propose_change",
    "record_self_assessment",
    "reject_registration",
    "remind_to_confirm",
    "save_draft",
    "start_registration",
    "submit_registration",
    "to_json",
]
