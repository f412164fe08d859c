"""The whitepaper's case studies: one record per studied collective."""

from __future__ import annotations

from django.db import models
from django.db.models import OuterRef, Q
from django.utils.translation import gettext_lazy as _

from collectives.models import Collective, Source
from valuefan.models import Assessment


class CaseStudyQuerySet(models.QuerySet):
    def get_by_natural_key(self, collective_slug: str) -> CaseStudy:
        return self.get(collective__slug=collective_slug)

    def published(self) -> CaseStudyQuerySet:
        """Case studies whose collective the public may see."""
        return self.filter(collective__status=Collective.Status.PUBLISHED)

    def for_cross_case(self) -> CaseStudyQuerySet:
        """Rows for the cross-case table: collective, area and source in one query,
        with the collective's current regie and samenwerking (`current_regie`,
        `current_samenwerking`: the reading every other page shows)."""
        pair = Assessment.objects.public().having("regie", "samenwerking")
        collective = OuterRef("collective_id")
        return (
            self.select_related(
                "collective", "collective__area", "collective__operator", "source"
            )
            .defer("collective__area__boundary")
            .annotate(
                current_regie=pair.current_value("regie", of=collective),
                current_samenwerking=pair.current_value("samenwerking", of=collective),
            )
        )


class CaseStudy(models.Model):
    """A collective as studied in a research publication: its place in the
    study design and the characteristics the study compares across cases."""

    class CaseType(models.TextChoices):
        PRIMARY = "primary", _("primary case")
        COMPARISON = "comparison", _("comparison case")

    class Level(models.TextChoices):
        BUILDING = "building", _("building level")
        AREA = "area", _("area level")

    collective = models.OneToOneField(
        Collective,
        verbose_name=_("collective"),
        related_name="case_study",
        on_delete=models.CASCADE,
    )
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        related_name="case_studies",
        on_delete=models.PROTECT,
    )
    case_type = models.CharField(
        _("case type"), max_length=20, choices=CaseType.choices
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    study_area = models.CharField(
        _("study area"),
        max_length=100,
        help_text=_("The area in which the study places the case, e.g. Keilekwartier."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    summary = models.TextField(_("summary"), blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    building = models.TextField(_("building"), blank=True)
    composition = models.TextField(_("composition"), blank=True)
    term = models.TextField(_("term"), blank=True)
    governance = models.TextField(_("governance"), blank=True)
    objects = CaseStudyQuerySet.as_manager()

    class Meta:
        ordering = ["order", "collective__name"]
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")
        constraints = [
            models.CheckConstraint(
                condition=Q(case_type__in=["primary", "comparison"]),
                name="casestudy_case_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(level__in=["building", "area"]),
                name="casestudy_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collective} ({self.get_case_type_display()})"

    def natural_key(self) -> tuple[str]:
        return (self.collective.slug,)

    natural_key.dependencies = ["collectives.collective"]
