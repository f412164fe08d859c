"""The states a collective moves through, and the reasons its history keeps.

States are few and explicit: draft → submitted → published / rejected;
published → archived. A rejected registration can be edited and submitted again."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from collectives.models import Collective

Status = Collective.Status

# Change reasons kept in a collective's history, so its history page can say what
# happened. The reminder records are also the log the yearly round reads.
HISTORY_CHANGE_APPROVED = "change-approved"
HISTORY_CONFIRMED = "confirmed"
HISTORY_REMINDED = "yearly-reminder"


def require(collective: Collective, *states: str) -> None:
    if collective.status not in states:
        raise ValidationError(
            _("This is not possible while the collective is %(status)s.")
            % {"status": collective.get_status_display()}
        )
