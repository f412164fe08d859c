"""What a profile shows besides the facts: stakeholders, role counts, timeline,
quotes and the instruments a collective uses or considers."""

from __future__ import annotations

from django.contrib.gis.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.i18n import localised

from .base import CollectiveChildManager, Source
from .collective import Collective
from .organisation import Organisation


class CollectiveOrganisation(models.Model):
    """A typed relation between a collective and a stakeholder (speelveld)."""

    class Relation(models.TextChoices):
        OPERATOR = "operator", _("operator")
        LANDLORD = "landlord", _("landlord")
        OWNER = "owner", _("owner")
        LEGAL_ENTITY = "legal_entity", _("legal entity of the collective")
        INVESTOR = "investor", _("investor")
        FUNDER = "funder", _("funder or subsidy provider")
        MUNICIPALITY = "municipality", _("municipality")
        KNOWLEDGE_PARTNER = "knowledge_partner", _("knowledge or education partner")
        PARTNER = "partner", _("partner")
        AREA_ORGANISATION = "area_organisation", _("area organisation")

    collective = models.ForeignKey(
        Collective,
        verbose_name=_("collective"),
        related_name="stakeholders",
        on_delete=models.CASCADE,
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        related_name="relations",
        on_delete=models.PROTECT,
    )
    relation = models.CharField(_("relation"), max_length=30, choices=Relation.choices)
    description = models.TextField(_("description"), blank=True)

    objects = CollectiveChildManager("organisation__slug", "relation")

    class Meta:
        ordering = ["relation", "organisation__name"]
        verbose_name = _("stakeholder relation")
        verbose_name_plural = _("stakeholders")
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "organisation", "relation"],
                name="unique_collective_organisation_relation",
            )
        ]

    def __str__(self) -> str:
        return (
            f"{self.organisation} – {self.get_relation_display()} – {self.collective}"
        )

    def natural_key(self) -> tuple:
        return (self.collective.slug, self.organisation.slug, self.relation)

    natural_key.dependencies = ["collectives.collective"]


class Role(models.IntegerChoices):
    """Roles inside a collective, ordered from most to least involved."""

    TREKKER = 1, _("trekkers (leaders)")
    BINDER = 2, _("binders (community organisers)")
    ENGAGED = 3, _("engaged members")
    LESS_ENGAGED = 4, _("less engaged members")


class RoleCount(models.Model):
    """How many people hold a role in a collective (a count or a range) and what
    they do there. Names are personal data and are not stored."""

    collective = models.ForeignKey(
        Collective,
        verbose_name=_("collective"),
        related_name="role_counts",
        on_delete=models.CASCADE,
    )
    role = models.PositiveSmallIntegerField(_("role"), choices=Role.choices)
    count_min = models.PositiveIntegerField(_("at least"), null=True, blank=True)
    count_max = models.PositiveIntegerField(_("at most"), null=True, blank=True)
    description = models.TextField(_("what they do here"), blank=True)
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CollectiveChildManager("role")

    class Meta:
        ordering = ["collective", "role"]
        verbose_name = _("role count")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "role"], name="unique_role_per_collective"
            ),
            models.CheckConstraint(
                condition=Q(role__gte=1, role__lte=4), name="rolecount_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(count_min__isnull=True)
                | Q(count_max__isnull=True)
                | Q(count_max__gte=F("count_min")),
                name="rolecount_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collective}: {self.get_role_display()}"

    def natural_key(self) -> tuple:
        return (self.collective.slug, self.role)

    natural_key.dependencies = ["collectives.collective"]

    @property
    def count_display(self) -> str:
        """'2–3', '5', '≥ 2' or '' when unknown."""
        lo, hi = self.count_min, self.count_max
        if lo is None and hi is None:
            return ""
        if lo is not None and hi is not None:
            return str(lo) if lo == hi else f"{lo}–{hi}"
        return f"≥ {lo}" if lo is not None else f"≤ {hi}"


class TimelineEvent(models.Model):
    """A dated key event in a collective's history."""

    class Precision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month")
        YEAR = "year", _("year")

    class Kind(models.TextChoices):
        FOUNDING = "founding", _("founding")
        CONTRACT = "contract", _("contract or ownership")
        MILESTONE = "milestone", _("milestone")
        EVENT = "event", _("public event")
        SETBACK = "setback", _("setback")
        COOPERATION = "cooperation", _("new cooperation")

    collective = models.ForeignKey(
        Collective,
        verbose_name=_("collective"),
        related_name="events",
        on_delete=models.CASCADE,
    )
    date = models.DateField(_("date"))
    date_precision = models.CharField(
        _("date precision"),
        max_length=10,
        choices=Precision.choices,
        default=Precision.DAY,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    # The Dutch title (collectives/translation.py) is the key, whatever the
    # active language, so the fixtures load again without duplicates.
    objects = CollectiveChildManager("date", "title_nl")

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline")
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "date", "title"],
                name="unique_event_per_collective",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y}: {self.title}"

    def natural_key(self) -> tuple:
        return (self.collective.slug, self.date.isoformat(), self.title_nl)

    natural_key.dependencies = ["collectives.collective"]


class Quote(models.Model):
    """A statement by entrepreneurs of a collective, as the source reports it."""

    collective = models.ForeignKey(
        Collective,
        verbose_name=_("collective"),
        related_name="quotes",
        on_delete=models.CASCADE,
    )
    text = models.TextField(_("quote"))
    # The quote stays Dutch; an English page shows this rendering beside it.
    text_en = models.TextField(_("quote, rendered in English"), blank=True)
    speaker = models.CharField(
        _("said by"),
        max_length=200,
        help_text=_("A role, not a name, unless the person consented."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CollectiveChildManager("order")

    class Meta:
        ordering = ["collective", "order", "pk"]
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "order"], name="unique_quote_order_per_collective"
            )
        ]

    def __str__(self) -> str:
        return f"{self.collective}: {self.text[:60]}"

    def natural_key(self) -> tuple:
        return (self.collective.slug, self.order)

    natural_key.dependencies = ["collectives.collective"]


class InstrumentManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> Instrument:
        return self.get(slug=slug)


class InstrumentGroup(models.TextChoices):
    """Where the whitepaper names an instrument: among its examples of new forms
    of cooperation, or in its Instrumentarium (§ Instrumentarium en
    vervolgonderzoek)."""

    COOPERATION = "cooperation", _("example of a new form of cooperation")
    INSTRUMENTARIUM = "instrumentarium", _("from the Instrumentarium")


class Instrument(models.Model):
    """A form of cooperation or policy instrument that the whitepaper names:
    tijdbank, energiecoöperatie, gebiedscoöperatie, BIZ, … Reference data."""

    Group = InstrumentGroup

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    group = models.CharField(
        _("named as"),
        max_length=20,
        choices=InstrumentGroup.choices,
        default=InstrumentGroup.COOPERATION,
    )
    name_nl = models.CharField(_("name (Dutch)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150, blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = InstrumentManager()

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        constraints = [
            models.CheckConstraint(
                condition=Q(group__in=[c.value for c in InstrumentGroup]),
                name="instrument_group_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def name(self) -> str:
        return localised(self, "name")

    @property
    def description(self) -> str:
        return localised(self, "description")


class CollectiveInstrument(models.Model):
    """Whether a collective uses an instrument or is considering it."""

    class Use(models.TextChoices):
        USED = "used", _("used")
        CONSIDERED = "considered", _("considered")

    collective = models.ForeignKey(
        Collective,
        verbose_name=_("collective"),
        related_name="instrument_uses",
        on_delete=models.CASCADE,
    )
    instrument = models.ForeignKey(
        Instrument,
        verbose_name=_("instrument"),
        related_name="uses",
        on_delete=models.PROTECT,
    )
    use = models.CharField(_("use"), max_length=20, choices=Use.choices)
    evidence = models.TextField(
        _("evidence"),
        blank=True,
        help_text=_(
            "The sentence of the source that says so, or what the collective says."
        ),
    )
    # The evidence stays Dutch; an English page shows this rendering beside it.
    evidence_en = models.TextField(_("evidence, rendered in English"), blank=True)
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        related_name="instrument_uses",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )

    objects = CollectiveChildManager("instrument__slug")

    class Meta:
        ordering = ["collective", "instrument__order"]
        verbose_name = _("instrument of a collective")
        verbose_name_plural = _("instruments")
        constraints = [
            models.UniqueConstraint(
                fields=["collective", "instrument"], name="one_use_per_instrument"
            ),
            models.CheckConstraint(
                condition=Q(use__in=["used", "considered"]),
                name="collectiveinstrument_use_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.collective}: {self.instrument} ({self.get_use_display()})"

    def natural_key(self) -> tuple:
        return (self.collective.slug, self.instrument.slug)

    natural_key.dependencies = ["collectives.collective", "collectives.instrument"]
