from django.contrib import admin

from .models import CaseStudy


@admin.register(CaseStudy)
class CaseStudyAdmin(admin.ModelAdmin):
    list_display = ["collective", "case_type", "level", "study_area", "order"]
    list_filter = ["case_type", "level"]
    list_select_related = ["collective"]
    search_fields = ["collective__name", "study_area"]
    autocomplete_fields = ["collective", "source"]
