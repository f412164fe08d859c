"""An assessment's readings in Dutch (the original) and English (a translation).
Value themes and ladder steps keep their own `_nl`/`_en` fields (core.i18n)."""

from modeltranslation.translator import TranslationOptions, register

from valuefan.models import Assessment, ValueReach


@register(Assessment)
class AssessmentTranslation(TranslationOptions):
    fields = ("summary", "ladder_rationale", "regie_rationale", "phase_rationale")


@register(ValueReach)
class ValueReachTranslation(TranslationOptions):
    fields = ("evidence",)
