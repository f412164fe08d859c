from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Assessment, DirectionReading, LadderStep, ValueReach, ValueTheme


class ValueReachInline(admin.TabularInline):
    model = ValueReach
    extra = 0
    autocomplete_fields = ["theme"]

    def get_extra(self, request, obj=None, **kwargs):
        # A new assessment offers a row per theme; a recorded one is read-only.
        return ValueTheme.objects.count() if obj is None else 0


class DirectionReadingInline(admin.TabularInline):
    model = DirectionReading
    extra = 0
    fields = ["direction", "evidence_nl", "evidence_en", "evidence_basis"]


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Assessments are history: staff add new ones; a recorded assessment is never
    changed (a correction is a new assessment with its own date and rationale).
    Superusers may still delete one entered by mistake."""

    list_display = [
        "collective",
        "assessed_on",
        "assessor_kind",
        "assessor",
        "ladder_step",
        "regie",
        "samenwerking",
        "derived_from_source",
        "is_public",
    ]
    list_filter = [
        "assessor_kind",
        "derived_from_source",
        "is_public",
        "ladder_step",
        "directions__direction",
    ]
    list_select_related = ["collective", "ladder_step"]
    search_fields = ["collective__name", "assessor", "summary"]
    date_hierarchy = "assessed_on"
    autocomplete_fields = ["collective", "source"]
    inlines = [ValueReachInline, DirectionReadingInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "collective",
                    "assessed_on",
                    "assessor_kind",
                    "assessor",
                    "source",
                    "derived_from_source",
                    "is_public",
                    "summary",
                ]
            },
        ),
        (_("Participation ladder"), {"fields": ["ladder_step", "ladder_rationale"]}),
        (
            _("Control and cooperation"),
            {"fields": ["regie", "samenwerking", "regie_rationale"]},
        ),
        (_("Directions of development"), {"fields": ["directions_note"]}),
    ]

    def has_change_permission(self, request, obj=None):
        # Viewing a recorded assessment is allowed; changing it is not.
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(ValueTheme)
class ValueThemeAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_en", "order", "colour"]
    list_editable = ["order"]
    search_fields = ["name_nl", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_nl"]}


@admin.register(LadderStep)
class LadderStepAdmin(admin.ModelAdmin):
    list_display = ["number", "name_nl", "name_en", "stage"]
