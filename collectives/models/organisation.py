"""Organisations around collectives: operators, owners, funders, municipalities."""

from __future__ import annotations

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _

from .base import SlugManager


class Organisation(models.Model):
    """A stakeholder in the speelveld: municipality, operator, fund, bank, school…"""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        PROVINCE = "province", _("province")
        NATIONAL_GOVERNMENT = "national_government", _("national government")
        EU_FUND = "eu_fund", _("EU fund")
        DEVELOPER = "developer", _("developer")
        OWNER = "owner", _("property owner")
        BANK = "bank", _("bank")
        INVESTOR = "investor", _("investor")
        FUND = "fund", _("fund")
        OPERATOR = "operator", _("operator")
        SCHOOL = "school", _("school or knowledge institution")
        COOPERATIVE = "cooperative", _("cooperative")
        FOUNDATION = "foundation", _("foundation")
        ASSOCIATION = "association", _("association of entrepreneurs")
        COMPANY = "company", _("company")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    objects = SlugManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)
