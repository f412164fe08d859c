"""What waits for a moderator: proposed changes, claims; and invitations of
co-owners."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .collective import Collective


class ModerationState(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class ProposedChange(models.Model):
    """An owner's edit of a published profile, waiting for a moderator; the public
    keeps seeing the approved version until it is approved."""

    collective = models.ForeignKey(
        Collective,
        verbose_name=_("collective"),
        related_name="proposed_changes",
        on_delete=models.CASCADE,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        related_name="proposed_changes",
        on_delete=models.SET_NULL,
        null=True,
    )
    data = models.JSONField(_("proposed values"))
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=ModerationState.choices,
        default=ModerationState.SUBMITTED,
        db_index=True,
    )
    reason = models.TextField(_("reason for rejection"), blank=True)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposed change")
        verbose_name_plural = _("proposed changes")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["submitted", "approved", "rejected"]),
                name="proposedchange_state_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.collective} ({self.get_state_display()})"


class Claim(models.Model):
    """A request by an account to become owner of an existing collective."""

    collective = models.ForeignKey(
        Collective,
        verbose_name=_("collective"),
        related_name="claims",
        on_delete=models.CASCADE,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        related_name="claims",
        on_delete=models.CASCADE,
    )
    message = models.TextField(_("message to the moderators"), blank=True)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=ModerationState.choices,
        default=ModerationState.SUBMITTED,
        db_index=True,
    )
    reason = models.TextField(_("reason for rejection"), blank=True)
    created_at = models.DateTimeField(_("claimed"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "user"],
                condition=Q(state="submitted"),
                name="one_open_claim_per_account",
            ),
            models.CheckConstraint(
                condition=Q(state__in=["submitted", "approved", "rejected"]),
                name="claim_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.collective} ({self.get_state_display()})"


class Invitation(models.Model):
    """An owner's invitation to a co-owner, sent by e-mail with a one-time token."""

    collective = models.ForeignKey(
        Collective,
        verbose_name=_("collective"),
        related_name="invitations",
        on_delete=models.CASCADE,
    )
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(_("token"), max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
    )
    created_at = models.DateTimeField(_("invited"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    # An invitation's link works this long; the owner can send a new one.
    VALID_FOR = datetime.timedelta(days=14)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.collective}"

    @property
    def has_expired(self) -> bool:
        """Unused for longer than VALID_FOR since it was sent."""
        return self.accepted_at is None and (
            timezone.now() > self.created_at + self.VALID_FOR
        )
