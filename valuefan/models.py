"""Assessments of a collective: its value fan (waardewaaier: value themes × reach),
its step on the participation ladder, its regie and samenwerking, and the
directions in which it develops.

Every assessment is dated and attributed (who assessed it, how, with what source);
a new reading is a new assessment, so the history is never overwritten."""

from __future__ import annotations

from django.db import models
from django.db.models import F, OuterRef, Q, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from core.i18n import BilingualMixin

from .choices import Degree, Direction, EvidenceBasis, Reach

PUBLISHED = "published"
# Said wherever the themes are explained (profile, comparisons, areas, the API).
THEMES_NOTE = _(
    "The value themes are this atlas's reading of the whitepaper's image 7a "
    "(the value fan), whose labels its text does not give."
)
NEWEST_FIRST = ("-assessed_on", "-pk")
# The whitepaper's caveat on its readings of the cases (said beside its value
# fan, images 7a and 7b), quoted verbatim wherever the atlas places a case on
# the value fan or the ladder (templates/valuefan/_caveat.html).
RESEARCH_CAVEAT = (
    "Verder onderzoek is nodig om zowel de methodiek als de toepassing op de "
    "casussen te verfijnen."
)


class ValueThemeManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> ValueTheme:
        return self.get(slug=slug)


class ValueTheme(BilingualMixin, models.Model):
    """A blade of the value fan. Themes are data: staff can add or reorder them."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    colour = models.CharField(
        _("colour"),
        max_length=7,
        help_text=_("Hex colour from a colour-blind safe palette, e.g. #332288."),
    )

    objects = ValueThemeManager()

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("value theme")
        verbose_name_plural = _("value themes")
        constraints = [
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9A-Fa-f]{6}$"),
                name="valuetheme_colour_hex",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class LadderStepManager(models.Manager):
    def get_by_natural_key(self, number: int) -> LadderStep:
        return self.get(number=number)


class LadderStep(BilingualMixin, models.Model):
    """A step of the whitepaper's participation ladder (figure 9), 1 to 7."""

    class Stage(models.TextChoices):
        SURVIVAL = "survival", _("survival strategy")
        MUTUAL = "mutual", _("mutual appreciation")
        BROAD = "broad", _("broad partnership")
        CONTROL = "control", _("entrepreneurs in control")

    number = models.PositiveSmallIntegerField(_("step"), unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    description_nl = models.TextField(_("description (Dutch)"))
    description_en = models.TextField(_("description (English)"), blank=True)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)

    objects = LadderStepManager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("ladder step")
        verbose_name_plural = _("ladder steps")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=7), name="ladderstep_1_to_7"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def natural_key(self) -> tuple[int]:
        return (self.number,)


def gives(*parts: str) -> Q:
    """The condition that an assessment gives every one of `parts` (see
    AssessmentQuerySet.having)."""
    condition = Q()
    for part in parts:
        if part == "fan":
            condition &= Q(
                models.Exists(ValueReach.objects.filter(assessment=OuterRef("pk")))
            )
        elif part == "directions":
            condition &= Q(
                models.Exists(
                    DirectionReading.objects.filter(assessment=OuterRef("pk"))
                )
            )
        else:
            condition &= Q(**{f"{part}__isnull": False})
    return condition


class First(models.Func):
    """The first element of an array (PostgreSQL)."""

    template = "(%(expressions)s)[1]"


class AssessmentQuerySet(models.QuerySet):
    def get_by_natural_key(
        self, collective_slug: str, assessed_on: str, assessor_kind: str, assessor: str
    ) -> Assessment:
        return self.get(
            collective__slug=collective_slug,
            assessed_on=assessed_on,
            assessor_kind=assessor_kind,
            assessor=assessor,
        )

    def public(self) -> AssessmentQuerySet:
        """Assessments the public may see: public ones of published collectives."""
        # CollectiveStatus.PUBLISHED of the collectives app, which stands above
        # this one and is named by value only (tests/test_architecture.py).
        return self.filter(is_public=True, collective__status=PUBLISHED)

    def newest_first(self) -> AssessmentQuerySet:
        """The order that defines "newest": the latest date, then the latest
        recorded on that date."""
        return self.order_by(*NEWEST_FIRST)

    def having(self, *parts: str) -> AssessmentQuerySet:
        """Assessments that give every one of `parts`: "fan" (value reaches),
        "ladder_step", "regie", "samenwerking", "directions"."""
        return self.filter(gives(*parts))

    def current(self) -> AssessmentQuerySet:
        """Of these assessments, the newest per collective: the collective's
        current reading (of whatever `having` asked for). One query."""
        newest = Window(
            RowNumber(),
            partition_by=F("collective_id"),
            order_by=[F("assessed_on").desc(), F("pk").desc()],
        )
        return self.annotate(current_rank=newest).filter(current_rank=1)

    def newest_per_collective(self, **readings: tuple[str, tuple[str, ...]]):
        """One row per collective (`collective_id`) with, for each name, `field`
        of its newest assessment that gives `parts` (name=(field, parts)): the
        current readings of all collectives in one pass over the assessments,
        for PostgreSQL (its arrays), where a correlated subquery per collective
        and reading costs ~70 ms at 10 000 collectives. Same definition as
        having(…).current(): `gives` and NEWEST_FIRST."""
        from django.contrib.postgres.aggregates import ArrayAgg

        return (
            self.order_by()
            .values("collective_id")
            .annotate(
                **{
                    name: First(
                        ArrayAgg(field, order_by=NEWEST_FIRST, filter=gives(*parts))
                    )
                    for name, (field, parts) in readings.items()
                }
            )
        )

    def current_value(self, field: str, *, of: OuterRef | None = None) -> Subquery:
        """`field` of the newest of these assessments of the collective `of`
        (default `OuterRef("pk")`): for annotating collectives (see
        CollectiveQuerySet.with_current_positions) or rows that point at one."""
        collective = OuterRef("pk") if of is None else of
        return Subquery(
            self.filter(collective=collective).newest_first().values(field)[:1]
        )

    def current_directions(self, *, of: OuterRef | None = None) -> Subquery:
        """The directions the newest of these assessments that gives any shows,
        as a bit mask (Direction.from_mask reads it): for annotating collectives."""
        # The newest assessment is a subquery inside the readings' subquery, so
        # the collective is two levels out.
        collective = OuterRef(OuterRef("pk") if of is None else of)
        newest = self.having("directions").current_value("pk", of=collective)
        return Subquery(
            DirectionReading.objects.filter(assessment=newest)
            .order_by()  # the default ordering would split the group
            .values("assessment")
            .annotate(mask=Direction.mask_sum())
            .values("mask")[:1]
        )

    def for_profile(self) -> AssessmentQuerySet:
        """Newest first, with their source, value reaches (themes joined) and
        directions."""
        return (
            self.select_related("source")
            .prefetch_related(
                models.Prefetch("reaches", ValueReach.objects.select_related("theme")),
                "directions",
            )
            .newest_first()
        )


class Assessment(models.Model):
    """One reading of a collective at a date, by one assessor. Any of its parts may
    be left empty: a value fan, a ladder step, regie and samenwerking, the
    directions it shows (DirectionReading)."""

    class AssessorKind(models.TextChoices):
        SELF = "self", _("self-assessment by the collective")
        RESEARCHER = "researcher", _("researcher")
        MUNICIPALITY = "municipality", _("municipality")

    collective = models.ForeignKey(
        "collectives.Collective",
        verbose_name=_("collective"),
        related_name="assessments",
        on_delete=models.CASCADE,
    )
    assessed_on = models.DateField(_("assessed on"))
    assessor_kind = models.CharField(
        _("assessed by"), max_length=20, choices=AssessorKind.choices
    )
    assessor = models.CharField(
        _("assessor"),
        max_length=200,
        blank=True,
        help_text=_("An organisation or a role; a person's name only with consent."),
    )
    source = models.ForeignKey(
        "collectives.Source",
        verbose_name=_("source"),
        related_name="assessments",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    derived_from_source = models.BooleanField(
        _("derived from the source"),
        default=False,
        help_text=_("An indicative reading of the source's text, not a measurement."),
    )
    summary = models.TextField(_("summary"), blank=True)
    ladder_step = models.ForeignKey(
        LadderStep,
        verbose_name=_("participation ladder step"),
        related_name="assessments",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    ladder_rationale = models.TextField(_("rationale for the ladder step"), blank=True)
    regie = models.PositiveSmallIntegerField(
        _("control over own space (regie)"),
        choices=Degree.choices,
        null=True,
        blank=True,
    )
    samenwerking = models.PositiveSmallIntegerField(
        _("internal cooperation (samenwerking)"),
        choices=Degree.choices,
        null=True,
        blank=True,
    )
    regie_rationale = models.TextField(
        _("rationale for regie and samenwerking"), blank=True
    )
    directions_note = models.TextField(
        _("note on the directions"),
        blank=True,
        help_text=_("What the directions together rest on; each has its evidence."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Shown on the public profile once the collective is published."),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["collective", *NEWEST_FIRST]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [
            models.Index(
                fields=["collective", "-assessed_on"], name="assessment_latest_idx"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "assessed_on", "assessor_kind", "assessor"],
                name="one_assessment_per_assessor_per_day",
            ),
            models.CheckConstraint(
                condition=Q(regie__isnull=True) | Q(regie__gte=1, regie__lte=5),
                name="assessment_regie_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(samenwerking__isnull=True)
                | Q(samenwerking__gte=1, samenwerking__lte=5),
                name="assessment_samenwerking_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(assessor_kind__in=["self", "researcher", "municipality"]),
                name="assessment_assessor_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.collective} – {self.get_assessor_kind_display()}, "
            f"{self.assessed_on:%Y-%m-%d}"
        )

    def natural_key(self) -> tuple:
        return (
            self.collective.slug,
            self.assessed_on.isoformat(),
            self.assessor_kind,
            self.assessor,
        )

    natural_key.dependencies = ["collectives.collective"]

    @property
    def label(self) -> str:
        """How a picker names this assessment: who, when."""
        who = self.assessor or self.get_assessor_kind_display()
        return f"{who} ({self.assessed_on:%Y-%m-%d})"

    @property
    def short_label(self) -> str:
        """How a legend or column names this assessment: kind of assessor, date."""
        return f"{self.get_assessor_kind_display().capitalize()}, {self.assessed_on:%Y-%m-%d}"


class EvidencedReading(models.Model):
    """A part of an assessment with its evidence and how strong that is."""

    evidence = models.TextField(_("evidence"), blank=True)
    evidence_basis = models.CharField(
        _("how strong the evidence is"),
        max_length=20,
        choices=EvidenceBasis.choices,
        default=EvidenceBasis.REPORTED,
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(evidence_basis__in=[c.value for c in EvidenceBasis]),
                name="%(class)s_evidence_basis_valid",
            ),
        ]


class ValueReachManager(models.Manager):
    def get_by_natural_key(self, *key: str) -> ValueReach:
        *assessment_key, theme_slug = key
        return self.get(
            assessment=Assessment.objects.get_by_natural_key(*assessment_key),
            theme__slug=theme_slug,
        )


class ValueReach(EvidencedReading):
    """How far one value theme of a collective reaches, in one assessment."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        related_name="reaches",
        on_delete=models.CASCADE,
    )
    theme = models.ForeignKey(
        ValueTheme,
        verbose_name=_("value theme"),
        related_name="reaches",
        on_delete=models.PROTECT,
    )
    reach = models.PositiveSmallIntegerField(_("reach"), choices=Reach.choices)

    objects = ValueReachManager()

    class Meta:
        ordering = ["assessment", "theme__order"]
        verbose_name = _("value reach")
        verbose_name_plural = _("value fan")
        constraints = [
            *EvidencedReading.Meta.constraints,
            models.UniqueConstraint(
                fields=["assessment", "theme"],
                name="one_reach_per_theme_per_assessment",
            ),
            models.CheckConstraint(
                condition=Q(reach__gte=1, reach__lte=5), name="valuereach_reach_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.theme}: {self.get_reach_display()}"

    def natural_key(self) -> tuple:
        return (*self.assessment.natural_key(), self.theme.slug)

    natural_key.dependencies = ["valuefan.assessment", "valuefan.valuetheme"]


class DirectionReadingManager(models.Manager):
    def get_by_natural_key(self, *key) -> DirectionReading:
        *assessment_key, direction = key
        return self.get(
            assessment=Assessment.objects.get_by_natural_key(*assessment_key),
            direction=direction,
        )


class DirectionReading(EvidencedReading):
    """One direction an assessment finds the collective showing, with the
    evidence for it. A direction an assessment does not list is one it found no
    evidence for, not one the collective has passed or missed."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        related_name="directions",
        on_delete=models.CASCADE,
    )
    direction = models.PositiveSmallIntegerField(
        _("direction"), choices=Direction.choices
    )

    objects = DirectionReadingManager()

    class Meta:
        ordering = ["assessment", "direction"]
        verbose_name = _("direction shown")
        verbose_name_plural = _("directions shown")
        constraints = [
            *EvidencedReading.Meta.constraints,
            models.UniqueConstraint(
                fields=["assessment", "direction"],
                name="one_reading_per_direction_per_assessment",
            ),
            models.CheckConstraint(
                condition=Q(direction__gte=1, direction__lte=5),
                name="directionreading_direction_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_direction_display())

    def natural_key(self) -> tuple:
        return (*self.assessment.natural_key(), self.direction)

    natural_key.dependencies = ["valuefan.assessment"]
