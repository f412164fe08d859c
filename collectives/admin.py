from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletGeoAdmin
from modeltranslation.admin import (
    TranslationAdmin,
    TranslationStackedInline,
    TranslationTabularInline,
)
from simple_history.admin import SimpleHistoryAdmin

from valuefan.models import Assessment

from .models import (
    Area,
    Collective,
    CollectiveOrganisation,
    Organisation,
    Quote,
    RoleCount,
    Source,
    TimelineEvent,
)


class MapAdmin(LeafletGeoAdmin):
    """LeafletGeoAdmin whose map widgets start without inline scripts (our
    Content-Security-Policy forbids them): templates/leaflet/widget.html describes
    the widget, static/js/leaflet-init.js starts it."""

    class Media:
        js = ["js/leaflet-init.js"]


class RoleCountInline(TranslationTabularInline):
    model = RoleCount
    extra = 0


class TimelineEventInline(TranslationStackedInline):
    model = TimelineEvent
    extra = 0
    autocomplete_fields = ["source"]


class QuoteInline(admin.StackedInline):
    model = Quote
    extra = 0


class StakeholderInline(TranslationTabularInline):
    model = CollectiveOrganisation
    extra = 0
    autocomplete_fields = ["organisation"]


class AssessmentInline(admin.TabularInline):
    """The collective's assessment history, read-only: new ones are added in the
    assessment admin so that nothing recorded is overwritten."""

    model = Assessment
    fields = ["assessed_on", "assessor_kind", "assessor", "ladder_step"]
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("assessments (add new ones under Assessments)")


@admin.register(Collective)
class CollectiveAdmin(TranslationAdmin, SimpleHistoryAdmin, MapAdmin):
    # TranslationAdmin: each translated field as its Dutch and English fields.
    list_display = [
        "name",
        "city",
        "area",
        "kind",
        "status",
        "entrepreneur_count",
        "location_precision",
        "updated_at",
    ]
    list_filter = [
        "status",
        "kind",
        "tenure",
        "governance",
        "city",
        "location_precision",
    ]
    list_select_related = ["area"]
    search_fields = ["name", "city", "address", "member_demonym"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["area", "operator", "source", "owners"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [
        RoleCountInline,
        TimelineEventInline,
        StakeholderInline,
        QuoteInline,
        AssessmentInline,
    ]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "status", "description"]}),
        (
            _("Location"),
            {
                "fields": [
                    "address",
                    "postcode",
                    "city",
                    "area",
                    "location",
                    "location_precision",
                ]
            },
        ),
        (
            _("Entrepreneurs"),
            {
                "fields": [
                    "founded_year",
                    "founded_note",
                    "entrepreneur_count",
                    "entrepreneur_count_note",
                    "member_demonym",
                    "entrepreneur_types",
                ]
            },
        ),
        (
            _("Space and contract"),
            {
                "fields": [
                    "tenure",
                    "tenure_detail",
                    "tenure_start_date",
                    "tenure_end_date",
                    "tenure_term_years",
                    "tenure_as_of",
                    "tenure_source",
                    "building_count",
                    "floor_area_m2",
                    "outdoor_area_m2",
                    "rent_eur_m2_year",
                    "building_description",
                    "building_history",
                ]
            },
        ),
        (
            _("Organisation"),
            {
                "fields": [
                    "governance",
                    "operator",
                    "website",
                    "other_websites",
                    "owners",
                ]
            },
        ),
        (
            _("Source"),
            {
                "fields": [
                    "source",
                    "provenance",
                    "facts_as_of",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]


@admin.register(Area)
class AreaAdmin(TranslationAdmin, MapAdmin):
    list_display = ["name", "city", "kind", "boundary_is_approximate"]
    list_filter = ["city", "kind", "boundary_is_approximate"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organisation)
class OrganisationAdmin(TranslationAdmin):
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "publisher"]
    search_fields = ["title", "authors"]
    prepopulated_fields = {"slug": ["title"]}
