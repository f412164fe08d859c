from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from collectives.admin import AssessmentInline, CollectiveAdmin
from collectives.models import Collective

from .models import CaseStudy


@admin.register(CaseStudy)
class CaseStudyAdmin(TranslationAdmin):
    list_display = ["collective", "case_type", "level", "study_area", "order"]
    list_filter = ["case_type", "level"]
    list_select_related = ["collective"]
    search_fields = ["collective__name", "study_area"]
    autocomplete_fields = ["collective", "source"]


class CaseStudyInline(TranslationStackedInline):
    model = CaseStudy
    extra = 0
    max_num = 1
    autocomplete_fields = ["source"]


# A collective's admin page shows its case study too. This app stands above the
# collectives app, so it adds its inline to the collective admin rather than the
# other way round.
admin.site.unregister(Collective)


@admin.register(Collective)
class CollectiveWithCaseStudyAdmin(CollectiveAdmin):
    inlines = [
        *(i for i in CollectiveAdmin.inlines if i is not AssessmentInline),
        CaseStudyInline,
        AssessmentInline,
    ]
