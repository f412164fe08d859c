from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """A single row whose number goes up, in the same transaction, with every change
    to data the public pages show (core/content_version.py). Cached public pages
    and map data are keyed by it, so a change shows at once on every app server,
    and nothing is recomputed while nothing changes."""

    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        # The table was made by the collectives app; the model moved here
        # without moving the table.
        db_table = "collectives_contentversion"
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="content_version_single_row")
        ]

    def __str__(self) -> str:
        return str(self.version)
