"""Areas (neighbourhoods, districts) that collectives sit in, with their outline."""

from __future__ import annotations

from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .base import SRID


class AreaQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str) -> Area:
        return self.get(slug=slug)

    def with_published_counts(self) -> AreaQuerySet:
        """Areas annotated with `collective_count`: their published collectives."""
        from .collective import CollectiveStatus  # collective.py imports this module

        return self.annotate(
            collective_count=models.Count(
                "collectives",
                filter=Q(collectives__status=CollectiveStatus.PUBLISHED),
            )
        )


class Area(models.Model):
    """A neighbourhood, district or quarter; its outline may be approximate."""

    class Kind(models.TextChoices):
        NEIGHBOURHOOD = "neighbourhood", _("neighbourhood")
        DISTRICT = "district", _("district")
        QUARTER = "quarter", _("quarter (transformation area)")
        BUSINESS_PARK = "business_park", _("business park")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    city = models.CharField(_("city"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    boundary = models.MultiPolygonField(_("boundary"), srid=SRID, null=True, blank=True)
    boundary_is_approximate = models.BooleanField(
        _("boundary is approximate"),
        default=True,
        help_text=_("Sketched by hand until real boundaries are imported."),
    )
    description = models.TextField(_("description"), blank=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["city", "name"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")

    def __str__(self) -> str:
        return f"{self.name} ({self.city})"

    def natural_key(self) -> tuple[str]:
        return (self.slug,)
