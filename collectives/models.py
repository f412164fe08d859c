"""Collectives, the areas they sit in, the organisations around them, and the
facts a profile shows: role counts, timeline events, quotes and sources."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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


class AreaQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str) -> Area:
        return self.get(slug=slug)

    def with_published_counts(self) -> AreaQuerySet:
        """Areas annotated with `collective_count`: their published collectives."""
        return self.annotate(
            collective_count=models.Count(
                "collectives",
                filter=Q(collectives__status=Collective.Status.PUBLISHED),
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


class CollectiveKind(models.TextChoices):
    BUILDING = "building", _("building")
    AREA = "area", _("area")


class CollectiveTenure(models.TextChoices):
    OWNED = "owned", _("owned by the collective")
    RENTED_LONG = "rented_long", _("rented, long-term")
    RENTED_TEMPORARY = "rented_temporary", _("rented, temporary")
    COOPERATIVE = "cooperative", _("cooperative")
    VARIES = "varies", _("varies per property")


class CollectiveGovernance(models.TextChoices):
    SELF_ORGANISED = "self_organised", _("self-organised collective")
    OPERATOR = "operator", _("run by an operator")
    COOPERATIVE = "cooperative", _("cooperative")
    AREA_ORGANISATION = "area_organisation", _("area organisation")
    ASSOCIATION = "association", _("association")
    OTHER = "other", _("other")


class CollectiveStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("rejected")
    ARCHIVED = "archived", _("archived")


class CollectiveLocationPrecision(models.TextChoices):
    EXACT = "exact", _("exact")
    APPROXIMATE = "approximate", _("approximate")


class CollectiveQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug: str) -> Collective:
        return self.get(slug=slug)

    def published(self) -> CollectiveQuerySet:
        """Only what the public may see."""
        return self.filter(status=Collective.Status.PUBLISHED)

    def for_list(self) -> CollectiveQuerySet:
        """Rows for tables and lists: area and operator joined in the same query
        (without the area's outline, which can be large once real boundaries are
        imported)."""
        return self.select_related("area", "operator").defer("area__boundary")

    def with_current_positions(self) -> CollectiveQuerySet:
        """Annotate the newest public assessment's ladder step, regie, samenwerking
        and phase (`current_step`, `current_regie`, …): one query, however many
        assessments there are."""
        from valuefan.models import Assessment

        def newest(field: str, *required: str) -> models.Subquery:
            return models.Subquery(
                Assessment.objects.filter(
                    collective=models.OuterRef("pk"),
                    is_public=True,
                    **{f"{name}__isnull": False for name in required or (field,)},
                )
                .order_by("-assessed_on", "-pk")
                .values(field)[:1]
            )

        # Regie and samenwerking are a pair: both come from the newest assessment
        # that has both, as the profile shows them.
        pair = ("regie", "samenwerking")
        return self.annotate(
            current_step=newest("ladder_step__number"),
            current_regie=newest("regie", *pair),
            current_samenwerking=newest("samenwerking", *pair),
            current_phase=newest("phase"),
        )

    def with_last_confirmed(self) -> CollectiveQuerySet:
        """Annotate `last_confirmed`: when the owners last confirmed the profile
        or, if they never did, when it was last updated."""
        return self.annotate(last_confirmed=Coalesce("confirmed_at", "updated_at"))

    def confirmation_due(
        self,
        *,
        now: datetime.datetime | None = None,
        grace: datetime.timedelta = datetime.timedelta(0),
    ) -> CollectiveQuerySet:
        """Published collectives with owners whose profile was last confirmed more
        than 12 months (plus `grace`) before `now`, with `last_confirmed`."""
        cutoff = (now or timezone.now()) - CONFIRMATION_INTERVAL - grace
        has_owners = models.Exists(
            Collective.owners.through.objects.filter(collective=models.OuterRef("pk"))
        )
        return (
            self.published()
            .with_last_confirmed()
            .filter(has_owners, last_confirmed__lt=cutoff)
        )

    def for_profile(self) -> CollectiveQuerySet:
        """One query for the collective plus one per related list on a profile."""
        return self.select_related(
            "area", "operator", "source", "case_study"
        ).prefetch_related(
            models.Prefetch("role_counts", RoleCount.objects.order_by("role")),
            models.Prefetch("events", TimelineEvent.objects.select_related("source")),
            models.Prefetch("quotes", Quote.objects.select_related("source")),
            models.Prefetch(
                "stakeholders",
                CollectiveOrganisation.objects.select_related("organisation"),
            ),
        )


class Collective(models.Model):
    """An ondernemerscollectief: entrepreneurs securing space for work together."""

    Kind = CollectiveKind
    Tenure = CollectiveTenure
    Governance = CollectiveGovernance
    Status = CollectiveStatus
    LocationPrecision = CollectiveLocationPrecision

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100)
    location = models.PointField(_("location"), srid=SRID)
    location_precision = models.CharField(
        _("location precision"),
        max_length=20,
        choices=LocationPrecision.choices,
        default=LocationPrecision.APPROXIMATE,
    )
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        related_name="collectives",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    founded_year = models.PositiveSmallIntegerField(
        _("founded in"), null=True, blank=True
    )
    founded_note = models.CharField(
        _("note on founding"),
        max_length=200,
        blank=True,
        help_text=_("What the founding year marks, if not the collective itself."),
    )
    entrepreneur_count = models.PositiveIntegerField(
        _("number of entrepreneurs"), null=True, blank=True
    )
    entrepreneur_count_note = models.CharField(
        _("note on the number of entrepreneurs"), max_length=300, blank=True
    )
    member_demonym = models.CharField(
        _("what members are called"), max_length=100, blank=True
    )
    entrepreneur_types = models.TextField(_("types of entrepreneurs"), blank=True)
    tenure = models.CharField(_("tenure"), max_length=20, choices=Tenure.choices)
    tenure_detail = models.CharField(
        _("contract and term"),
        max_length=300,
        blank=True,
        help_text=_("The contract as the source describes it (landlord, term)."),
    )
    tenure_end_date = models.DateField(_("contract ends"), null=True, blank=True)
    building_count = models.PositiveSmallIntegerField(
        _("number of buildings"), null=True, blank=True
    )
    floor_area_m2 = models.PositiveIntegerField(
        _("floor area (m²)"), null=True, blank=True
    )
    outdoor_area_m2 = models.PositiveIntegerField(
        _("outdoor area (m²)"), null=True, blank=True
    )
    rent_eur_m2_year = models.DecimalField(
        _("rent (€ per m² per year)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
    )
    building_description = models.TextField(_("building"), blank=True)
    building_history = models.TextField(_("building history"), blank=True)
    governance = models.CharField(
        _("governance form"), max_length=30, choices=Governance.choices
    )
    operator = models.ForeignKey(
        Organisation,
        verbose_name=_("operator or legal entity"),
        related_name="operated_collectives",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    website = models.URLField(_("website"), blank=True)
    other_websites = models.TextField(
        _("other websites"), blank=True, help_text=_("One address per line.")
    )
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("publication status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
    )
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        related_name="collectives",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    provenance = models.TextField(
        _("provenance"),
        blank=True,
        help_text=_("Where the facts come from and how they were derived."),
    )
    facts_as_of = models.PositiveSmallIntegerField(
        _("facts as of (year)"),
        null=True,
        blank=True,
        help_text=_("The year the source describes; ages are counted to it."),
    )
    # Contact details are for moderators only: never shown, exported or served.
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    publication_consent = models.BooleanField(
        _("consent to publish"),
        default=False,
        help_text=_(
            "The collective agrees that its profile (not its contact details) is public."
        ),
    )
    instruments = models.ManyToManyField(
        "Instrument",
        verbose_name=_("instruments"),
        through="CollectiveInstrument",
        related_name="collectives",
        blank=True,
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    confirmed_at = models.DateTimeField(
        _("last confirmed by its owners"),
        null=True,
        blank=True,
        help_text=_(
            "Set when the owners confirm or update the profile (yearly round)."
        ),
    )
    moderation_note = models.TextField(
        _("moderation note"),
        blank=True,
        help_text=_("The reason given to the owners when a submission is rejected."),
    )
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owners"),
        related_name="owned_collectives",
        blank=True,
        help_text=_("Accounts that may edit this collective's profile."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    objects = CollectiveQuerySet.as_manager()
    # Every change is kept (who, when, what): owners and moderators can read it.
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["name"]
        verbose_name = _("collective")
        verbose_name_plural = _("collectives")
        # What every public list reads, so a page costs the same at 100 or 100 000
        # collectives (bench/): the first page in name order and the cities in
        # the filter.
        indexes = [
            models.Index(
                fields=["name", "id"],
                condition=Q(status="published"),
                name="collective_published_name_idx",
            ),
            models.Index(
                fields=["city"],
                condition=Q(status="published"),
                name="collective_published_city_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(founded_year__isnull=True)
                | Q(
                    founded_year__gte=FOUNDED_YEAR_MIN,
                    founded_year__lte=FOUNDED_YEAR_MAX,
                ),
                name="collective_founded_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(entrepreneur_count__isnull=True)
                | Q(entrepreneur_count__gte=0),
                name="collective_entrepreneur_count_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(floor_area_m2__isnull=True) | Q(floor_area_m2__gte=0),
                name="collective_floor_area_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(outdoor_area_m2__isnull=True) | Q(outdoor_area_m2__gte=0),
                name="collective_outdoor_area_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(rent_eur_m2_year__isnull=True) | Q(rent_eur_m2_year__gte=0),
                name="collective_rent_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[c.value for c in CollectiveKind]),
                name="collective_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(tenure__in=[c.value for c in CollectiveTenure]),
                name="collective_tenure_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[c.value for c in CollectiveStatus]),
                name="collective_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    location_precision__in=[
                        c.value for c in CollectiveLocationPrecision
                    ]
                ),
                name="collective_location_precision_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    def get_absolute_url(self) -> str:
        return reverse("collectives:detail", kwargs={"slug": self.slug})

    @property
    def age(self) -> int | None:
        """Years since founding, counted to the year the facts describe."""
        if self.founded_year is None:
            return None
        as_of = self.facts_as_of or datetime.date.today().year
        return as_of - self.founded_year

    @property
    def is_marked_unconfirmed(self) -> bool:
        """Published, has owners, and they have not confirmed the profile for 12
        months plus the grace period (the yearly update round)."""
        last = self.confirmed_at or self.updated_at
        cutoff = timezone.now() - CONFIRMATION_INTERVAL - CONFIRMATION_GRACE
        return (
            self.status == CollectiveStatus.PUBLISHED
            and last is not None
            and last < cutoff
            and self.owners.exists()  # only asked for stale profiles
        )

    @property
    def other_website_list(self) -> list[str]:
        """The other websites that are http(s) addresses (anything else is
        never rendered as a link)."""
        return [
            line.strip()
            for line in self.other_websites.splitlines()
            if line.strip().lower().startswith(("http://", "https://"))
        ]

    def clean(self) -> None:
        validate = URLValidator(schemes=["http", "https"])
        for line in filter(None, (s.strip() for s in self.other_websites.splitlines())):
            try:
                validate(line)
            except ValidationError as error:
                raise ValidationError(
                    {
                        "other_websites": _("Not a web address: %(line)s")
                        % {"line": line}
                    }
                ) from error


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

    objects = CollectiveChildManager("date", "title")

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
        return (self.collective.slug, self.date.isoformat(), self.title)

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


class Instrument(models.Model):
    """A form of cooperation or policy instrument (whitepaper, figure 10): tijdbank,
    energiecoöperatie, gebiedscoöperatie, BIZ, … Reference data."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
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

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        english = (get_language() or "nl").startswith("en")
        return (self.name_en if english else "") or self.name_nl


class CollectiveInstrument(models.Model):
    """Whether a collective uses an instrument or is considering it."""

    class Use(models.TextChoices):
        USED = "used", _("used")
        CONSIDERED = "considered", _("considered")

    collective = models.ForeignKey(
        Collective, verbose_name=_("collective"), on_delete=models.CASCADE
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT
    )
    use = models.CharField(_("use"), max_length=20, choices=Use.choices)

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

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.email} → {self.collective}"
