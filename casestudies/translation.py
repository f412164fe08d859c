"""A case study's texts in Dutch (the original) and English (a translation)."""

from modeltranslation.translator import TranslationOptions, register

from casestudies.models import CaseStudy


@register(CaseStudy)
class CaseStudyTranslation(TranslationOptions):
    fields = (
        "summary",
        "narrative",
        "findings",
        "building",
        "composition",
        "term",
        "governance",
        "study_area",
    )
