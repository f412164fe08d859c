"""Constants and managers the collectives' models share, and the sources they cite."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

SRID = settings.GEOMETRY_SRID
FOUNDED_YEAR_MIN = 1800
FOUNDED_YEAR_MAX = 2100
# The yearly update round: owners confirm their profile every 12 months; a
# profile not confirmed for that long plus a grace period is marked as
# unconfirmed (computed from the dates, never stored).
CONFIRMATION_INTERVAL = datetime.timedelta(days=365)
CONFIRMATION_GRACE = datetime.timedelta(days=30)


class SlugManager(models.Manager):
    """Looks rows up by slug, so fixtures can refer to them without primary keys."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class CollectiveChildManager(models.Manager):
    """Looks up rows that belong to a collective by the collective's slug plus the
    fields named in `key_fields`, so the fixtures load again without duplicates."""

    def __init__(self, *key_fields: str):
        super().__init__()
        self.key_fields = key_fields

    def deconstruct(self):  # managers with arguments must be reconstructible
        return (False, f"{__name__}.CollectiveChildManager", None, self.key_fields, {})

    def get_by_natural_key(self, collective_slug: str, *values):
        lookup = dict(zip(self.key_fields, values, strict=True))
        return self.get(collective__slug=collective_slug, **lookup)


class Source(models.Model):
    """A publication that facts come from, with a citation a researcher can copy."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=300)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    authors = models.TextField(
        _("authors"), blank=True, help_text=_("As they should appear in a citation.")
    )
    publisher = models.CharField(_("publisher"), max_length=300, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    month = models.CharField(_("month"), max_length=30, blank=True)
    url = models.URLField(_("web address"), blank=True)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = SlugManager()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")

    def __str__(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def citation(self) -> str:
        """The source as one line in APA style, ready to copy."""
        parts = []
        if self.authors:
            parts.append(f"{self.authors.strip().rstrip('.')}.")
        when = " ".join(str(p) for p in (self.month, self.year) if p)
        if when:
            parts.append(f"({when}).")
        title = self.title
        if self.subtitle:
            title = f"{title}: {self.subtitle}"
        parts.append(f"{title}.")
        if self.publisher:
            parts.append(f"{self.publisher}.")
        if self.url:
            parts.append(self.url)
        return " ".join(parts)
