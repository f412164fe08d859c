"""The collectives' content in Dutch (the original) and English (a translation),
as django-modeltranslation fields: `description_nl`, `description_en`, …

Quotes and an instrument's evidence are not registered here: the Dutch
quotation stays what the page shows, with an English rendering beside it in a
plain `text_en` / `evidence_en` field."""

from modeltranslation.translator import TranslationOptions, register

from collectives.models import (
    Area,
    Collective,
    CollectiveOrganisation,
    Organisation,
    RoleCount,
    TimelineEvent,
)

COLLECTIVE_FIELDS = (
    "description",
    "building_description",
    "building_history",
    "entrepreneur_types",
    "tenure_detail",
    "founded_note",
    "entrepreneur_count_note",
    "provenance",
)


@register(Collective)
class CollectiveTranslation(TranslationOptions):
    fields = COLLECTIVE_FIELDS


# The history keeps both languages too (django-simple-history copies every
# concrete field of a collective into its record).
@register(Collective.history.model)
class HistoricalCollectiveTranslation(TranslationOptions):
    fields = COLLECTIVE_FIELDS


@register(Area)
class AreaTranslation(TranslationOptions):
    fields = ("description",)


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("description",)


@register(CollectiveOrganisation)
class CollectiveOrganisationTranslation(TranslationOptions):
    fields = ("description",)


@register(RoleCount)
class RoleCountTranslation(TranslationOptions):
    fields = ("description",)


@register(TimelineEvent)
class TimelineEventTranslation(TranslationOptions):
    fields = ("title", "description")
