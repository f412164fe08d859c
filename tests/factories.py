import factory
from django.contrib.gis.geos import MultiPolygon, Point, Polygon

from casestudies.models import CaseStudy
from collectives.models import (
    Area,
    Collective,
    CollectiveOrganisation,
    Organisation,
    Quote,
    Role,
    RoleCount,
    Source,
    TimelineEvent,
)
from valuefan.models import (
    Assessment,
    DirectionReading,
    LadderStep,
    ValueReach,
    ValueTheme,
)


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    slug = factory.Sequence(lambda n: f"source-{n}")
    title = factory.Sequence(lambda n: f"Research report {n}")
    authors = "Jansen, A., & de Vries, B."
    publisher = "Hogeschool"
    year = 2024


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.OPERATOR


def square(lon: float, lat: float, half: float = 0.01) -> MultiPolygon:
    return MultiPolygon(
        Polygon(
            (
                (lon - half, lat - half),
                (lon + half, lat - half),
                (lon + half, lat + half),
                (lon - half, lat + half),
                (lon - half, lat - half),
            )
        ),
        srid=4326,
    )


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Kwartier {n}")
    slug = factory.Sequence(lambda n: f"kwartier-{n}")
    city = "Rotterdam"
    kind = Area.Kind.QUARTER
    boundary = factory.LazyFunction(lambda: square(4.45, 51.91))


class CollectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Collective

    name = factory.Sequence(lambda n: f"Collectief {n}")
    slug = factory.Sequence(lambda n: f"collectief-{n}")
    kind = Collective.Kind.BUILDING
    city = "Rotterdam"
    location = factory.LazyFunction(lambda: Point(4.45, 51.91, srid=4326))
    area = factory.SubFactory(AreaFactory)
    founded_year = 2015
    facts_as_of = 2024
    entrepreneur_count = 25
    tenure = Collective.Tenure.RENTED_TEMPORARY
    governance = Collective.Governance.OPERATOR
    operator = factory.SubFactory(OrganisationFactory)
    source = factory.SubFactory(SourceFactory)
    status = Collective.Status.PUBLISHED


class RoleCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleCount

    collective = factory.SubFactory(CollectiveFactory)
    role = Role.TREKKER
    count_min = 2
    count_max = 3
    description = "Regelen de huur en voeren het gesprek met de gemeente."


class TimelineEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimelineEvent

    collective = factory.SubFactory(CollectiveFactory)
    date = factory.Sequence(lambda n: f"{2000 + n % 25}-06-28")
    kind = TimelineEvent.Kind.MILESTONE
    title = factory.Sequence(lambda n: f"Gebeurtenis {n}")


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    collective = factory.SubFactory(CollectiveFactory)
    text = "Samen is sterker dan alleen."
    speaker = "ondernemer"
    order = factory.Sequence(lambda n: n)


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CollectiveOrganisation

    collective = factory.SubFactory(CollectiveFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    relation = CollectiveOrganisation.Relation.PARTNER


class CaseStudyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseStudy

    collective = factory.SubFactory(CollectiveFactory)
    source = factory.SubFactory(SourceFactory)
    case_type = CaseStudy.CaseType.PRIMARY
    level = CaseStudy.Level.BUILDING
    study_area = "Keilekwartier"


class ValueThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ValueTheme
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"thema-{n}")
    name_nl = factory.Sequence(lambda n: f"Thema {n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")
    order = factory.Sequence(lambda n: n)
    colour = "#332288"


class LadderStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LadderStep
        django_get_or_create = ["number"]

    number = 5
    name_nl = factory.LazyAttribute(lambda o: f"Trede {o.number}")
    name_en = factory.LazyAttribute(lambda o: f"Step {o.number}")
    description_nl = "Ondernemers onderhandelen mee."
    stage = LadderStep.Stage.MUTUAL


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    collective = factory.SubFactory(CollectiveFactory)
    assessed_on = factory.Sequence(lambda n: f"{2000 + n % 25}-11-01")
    assessor_kind = Assessment.AssessorKind.RESEARCHER
    assessor = factory.Sequence(lambda n: f"Onderzoeker {n}")
    ladder_step = factory.SubFactory(LadderStepFactory)
    ladder_rationale = "Het collectief onderhandelt mee over het gebied."
    regie = 4
    samenwerking = 5
    regie_rationale = "Eigendom."

    @factory.post_generation
    def directions(self, create, extracted, **kwargs):
        """The directions shown (default: socio-economic value only), e.g.
        AssessmentFactory(directions=[3, 4]); directions=[] for none."""
        if not create:
            return
        for direction in [3] if extracted is None else extracted:
            DirectionReading.objects.create(
                assessment=self, direction=direction, evidence="Open dagen."
            )


class ValueReachFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ValueReach

    assessment = factory.SubFactory(AssessmentFactory)
    theme = factory.SubFactory(ValueThemeFactory)
    reach = 3
    evidence = "Festivals trekken publiek uit het gebied."
