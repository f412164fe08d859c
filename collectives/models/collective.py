"""The collective itself: its facts, tenure, location and publication state."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .area import Area
from .base import (
    CONFIRMATION_GRACE,
    CONFIRMATION_INTERVAL,
    FOUNDED_YEAR_MAX,
    FOUNDED_YEAR_MIN,
    SRID,
    Source,
)
from .organisation import Organisation


class CollectiveKind(models.TextChoices):
    BUILDING = "building", _("building")
    AREA = "area", _("area")


class CollectiveTenure(models.TextChoices):
    """The whitepaper's yardstick (§ Ontwikkelen van een lange termijn): contracts
    of 2 to 5 years followed by yearly ones are temporary; it asks for a horizon
    of at least 10 years. A rent whose term the source does not give is
    *term unknown*, never counted as secure."""

    OWNED = "owned", _("owned by the collective")
    RENTED_LONG = "rented_long", _("rented, long-term (10 years or more)")
    RENTED_TEMPORARY = "rented_temporary", _("rented, temporary (under 10 years)")
    RENTED_UNKNOWN = "rented_unknown", _("rented, term unknown")
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
        """Annotate the current reading (valuefan: the newest public assessment
        that gives it) of the ladder step, regie, samenwerking and the directions
        shown (`current_step`, `current_regie`, …; `current_directions` is a bit
        mask that valuefan's Direction.from_mask reads): one query, however many
        assessments there are."""
        from valuefan.models import Assessment

        readings = Assessment.objects.public()
        # Regie and samenwerking are a pair: both come from the newest assessment
        # that has both, as the profile shows them.
        pair = readings.having("regie", "samenwerking")
        return self.annotate(
            current_step=readings.having("ladder_step").current_value(
                "ladder_step__number"
            ),
            current_regie=pair.current_value("regie"),
            current_samenwerking=pair.current_value("samenwerking"),
            current_directions=readings.current_directions(),
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
        # profile.py imports this module for its foreign keys.
        from .profile import (
            CollectiveInstrument,
            CollectiveOrganisation,
            Quote,
            RoleCount,
            TimelineEvent,
        )

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
            models.Prefetch(
                "instrument_uses",
                CollectiveInstrument.objects.select_related("instrument", "source"),
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
    tenure_start_date = models.DateField(_("contract starts"), null=True, blank=True)
    tenure_end_date = models.DateField(_("contract ends"), null=True, blank=True)
    tenure_term_years = models.PositiveSmallIntegerField(
        _("contract term (years)"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the source does not give it."),
    )
    tenure_as_of = models.DateField(
        _("tenure stated on"),
        null=True,
        blank=True,
        help_text=_("When the contract facts were true, as the source gives them."),
    )
    tenure_source = models.ForeignKey(
        Source,
        verbose_name=_("source of the contract facts"),
        related_name="tenures",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
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

    # The yearly update round, in one place: owners confirm their profile every
    # CONFIRMATION_INTERVAL; a profile not confirmed for that long plus the grace
    # period is marked as unconfirmed (CollectiveQuerySet.confirmation_due is
    # the same rule in SQL).
    @property
    def last_confirmed_at(self) -> datetime.datetime | None:
        """When the owners last confirmed the profile or, if they never did,
        when it was last updated."""
        return self.confirmed_at or self.updated_at

    def confirmation_due_at(self) -> datetime.datetime | None:
        """From when the owners are asked to confirm the profile again."""
        last = self.last_confirmed_at
        return last + CONFIRMATION_INTERVAL if last else None

    def marked_unconfirmed_at(
        self, grace: datetime.timedelta = CONFIRMATION_GRACE
    ) -> datetime.datetime | None:
        """From when the profile says that it has not been confirmed."""
        due = self.confirmation_due_at()
        return due + grace if due else None

    def confirmation_flags(self, now: datetime.datetime | None = None) -> tuple:
        """(due, marked unconfirmed) for a published collective at `now`."""
        now = now or timezone.now()
        if self.status != CollectiveStatus.PUBLISHED or self.last_confirmed_at is None:
            return False, False
        return now > self.confirmation_due_at(), now > self.marked_unconfirmed_at()

    @property
    def is_marked_unconfirmed(self) -> bool:
        """Published, has owners, and they have not confirmed the profile for 12
        months plus the grace period (the yearly update round)."""
        _due, marked = self.confirmation_flags()
        return marked and self.owners.exists()  # only asked for stale profiles

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
