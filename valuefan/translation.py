"""An assessment's readings in Dutch (the original) and English (a translation).
Value themes and ladder steps keep their own `_nl`/`_en` fields (core.i18n)."""

from modeltranslation.translator import TranslationOptions, register

from valuefan.models import Assessment, DirectionReading, ValueReach


@register(Assessment)
class AssessmentTranslation(TranslationOptions):
    fields = ("summary", "ladder_rationale", "regie_rationale", "directions_note")


@register(ValueReach)
class ValueReachTranslation(TranslationOptions):
    fields = ("evidence",)


@register(DirectionReading)
class DirectionReadingTranslation(TranslationOptions):
    fields = ("evidence",)
