"""What the public API shows of each model: published facts only, choices as
their stable codes (the schema lists them), geometries as GeoJSON written by
the database."""

from __future__ import annotations

import json
from functools import cached_property

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework_gis.fields import GeometryField
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from collectives.models import Area, Collective, Source
from valuefan.models import (
    THEMES_NOTE,
    Assessment,
    Direction,
    DirectionReading,
    LadderStep,
    ValueReach,
    ValueTheme,
)


class DatabaseGeoJSONField(GeometryField):
    """A geometry that PostGIS already wrote as GeoJSON text (`AsGeoJSON` with 6
    decimals, annotated on each row as `annotation`): parsed, not rebuilt through
    GEOS and GDAL. Its source stays the model field, so the schema knows the
    geometry type."""

    def __init__(self, annotation: str, **kwargs):
        self.annotation = annotation
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return getattr(instance, self.annotation)

    def to_representation(self, value: str | None) -> dict | None:
        return None if value is None else json.loads(value)


class OptionalURLField(serializers.URLField):
    """A URL that may be left blank in the admin: null in the API, since an
    empty string is not a URI."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value: str) -> str | None:
        return value or None


class AreaRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Area
        fields = ["slug", "name"]


class SourceSerializer(serializers.ModelSerializer):
    url = OptionalURLField()
    citation = serializers.CharField(read_only=True)

    class Meta:
        model = Source
        fields = ["slug", "title", "year", "url", "citation"]


def _position(label, low: int, high: int, **kwargs) -> serializers.IntegerField:
    """A reading from the newest public assessment (annotated on the row), or null."""
    return serializers.IntegerField(
        read_only=True,
        allow_null=True,
        min_value=low,
        max_value=high,
        help_text=label,
        **kwargs,
    )


DIRECTION_CODES = {d.value: d.name.lower() for d in Direction}
# One enum in the schema (settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
DIRECTION_CODE_CHOICES = list(DIRECTION_CODES.values())
DIRECTIONS_HELP = _(
    "Directions of development the newest public assessment that gives any finds "
    "the collective showing (they develop side by side, not in sequence): "
    "trust (building trust and cohesion), stability (internal stability and "
    "continuity), socio_economic (socio-economic value for the neighbourhood), "
    "planning (participating in planning), circular (activating the circular "
    "transition)."
)


class DirectionCodesField(serializers.ListField):
    """The directions of a bit mask annotated on the row, as their codes."""

    def __init__(self, **kwargs):
        super().__init__(
            child=serializers.ChoiceField(choices=DIRECTION_CODE_CHOICES),
            read_only=True,
            help_text=DIRECTIONS_HELP,
            **kwargs,
        )

    def get_attribute(self, instance):
        # No reading (null mask) is an empty list, not null.
        return super().get_attribute(instance) or 0

    def to_representation(self, mask):
        return [DIRECTION_CODES[d.value] for d in Direction.from_mask(mask)]


class DirectionCodeField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=DIRECTION_CODE_CHOICES, **kwargs)

    def to_representation(self, value):
        return DIRECTION_CODES[value]


class DirectionReadingSerializer(serializers.ModelSerializer):
    direction = DirectionCodeField(read_only=True)
    label = serializers.CharField(source="get_direction_display", read_only=True)

    class Meta:
        model = DirectionReading
        fields = ["direction", "label", "evidence", "evidence_basis"]
        read_only_fields = fields


def _reading_derived() -> serializers.BooleanField:
    return serializers.BooleanField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "Whether the current readings (ladder step, regie, samenwerking, "
            "directions) come from an assessment derived from a source's text rather "
            "than measured; null without readings."
        ),
    )


class CollectiveSerializer(serializers.ModelSerializer):
    area = AreaRefSerializer(read_only=True, allow_null=True)
    location = DatabaseGeoJSONField("location_geojson")
    operator = serializers.CharField(
        source="operator.name",
        read_only=True,
        allow_null=True,
        help_text=_("Name of the operator or legal entity."),
    )
    rent_eur_m2_year = serializers.DecimalField(
        max_digits=7,
        decimal_places=2,
        coerce_to_string=False,
        read_only=True,
        allow_null=True,
        help_text=_("Rent in euros per m² per year."),
    )
    website = OptionalURLField()
    current_step = _position(
        _("Step on the participation ladder in the newest public assessment."), 1, 7
    )
    current_regie = _position(
        _("Control over own space (regie) in the newest public assessment."), 1, 5
    )
    current_samenwerking = _position(
        _("Internal cooperation (samenwerking) in the newest public assessment."), 1, 5
    )
    current_directions = DirectionCodesField()
    reading_derived = _reading_derived()
    url = serializers.SerializerMethodField(help_text=_("The profile on the website."))

    class Meta:
        model = Collective
        fields = [
            "slug",
            "name",
            "kind",
            "city",
            "area",
            "address",
            "postcode",
            "location",
            "location_precision",
            "founded_year",
            "entrepreneur_count",
            "member_demonym",
            "tenure",
            "governance",
            "operator",
            "floor_area_m2",
            "rent_eur_m2_year",
            "website",
            "current_step",
            "current_regie",
            "current_samenwerking",
            "current_directions",
            "reading_derived",
            "url",
            "updated_at",
        ]
        read_only_fields = fields

    @cached_property
    def _profile_url_template(self) -> str:
        # The canonical (Dutch, unprefixed) address, whatever language the API
        # client asked for; reversed once per response, not once per row.
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse("collectives:detail", kwargs={"slug": "__slug__"})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, collective: Collective) -> str:
        return self._profile_url_template.replace("__slug__", collective.slug)


class InstrumentUseSerializer(serializers.Serializer):
    """A collective's use of an instrument the whitepaper names, with the
    sentence that says so."""

    instrument = serializers.CharField(source="instrument.slug", read_only=True)
    name = serializers.CharField(source="instrument.name", read_only=True)
    named_as = serializers.CharField(source="instrument.group", read_only=True)
    use = serializers.CharField(read_only=True)
    evidence = serializers.CharField(read_only=True)
    source = serializers.CharField(
        source="source.slug", read_only=True, allow_null=True, default=None
    )


class CollectiveDetailSerializer(CollectiveSerializer):
    instruments = InstrumentUseSerializer(
        source="instrument_uses", many=True, read_only=True
    )
    other_websites = serializers.ListField(
        source="other_website_list", child=serializers.URLField(), read_only=True
    )
    source = SourceSerializer(read_only=True, allow_null=True)
    tenure_source = SourceSerializer(read_only=True, allow_null=True)

    class Meta(CollectiveSerializer.Meta):
        fields = [
            *CollectiveSerializer.Meta.fields,
            "description",
            "founded_note",
            "facts_as_of",
            "entrepreneur_count_note",
            "entrepreneur_types",
            "tenure_detail",
            "tenure_start_date",
            "tenure_end_date",
            "tenure_term_years",
            "tenure_as_of",
            "tenure_source",
            "building_count",
            "building_description",
            "building_history",
            "outdoor_area_m2",
            "other_websites",
            "instruments",
            "source",
            "provenance",
        ]
        read_only_fields = fields


class CollectiveFeatureSerializer(GeoFeatureModelSerializer, CollectiveSerializer):
    """A collective as a GeoJSON Feature: its point, the list fields as properties."""

    class Meta(CollectiveSerializer.Meta):
        geo_field = "location"
        id_field = False


class AreaSerializer(serializers.ModelSerializer):
    collective_count = serializers.IntegerField(
        read_only=True, help_text=_("Number of published collectives in the area.")
    )

    class Meta:
        model = Area
        fields = [
            "slug",
            "name",
            "city",
            "kind",
            "boundary_is_approximate",
            "description",
            "collective_count",
            "updated_at",
        ]
        read_only_fields = fields


class AreaFeatureSerializer(GeoFeatureModelSerializer, AreaSerializer):
    """An area as a GeoJSON Feature: its outline, the list fields as properties."""

    boundary = DatabaseGeoJSONField("boundary_geojson")

    class Meta(AreaSerializer.Meta):
        fields = [*AreaSerializer.Meta.fields, "boundary"]
        read_only_fields = fields
        geo_field = "boundary"
        id_field = False


class ValueThemeSerializer(serializers.ModelSerializer):
    about = serializers.SerializerMethodField(
        help_text=_("Where the themes come from (the same for every theme).")
    )

    class Meta:
        model = ValueTheme
        fields = [
            "slug",
            "name_nl",
            "name_en",
            "description_nl",
            "description_en",
            "order",
            "colour",
            "about",
        ]
        read_only_fields = fields

    def get_about(self, theme: ValueTheme) -> str:
        return str(THEMES_NOTE)


class LadderStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = LadderStep
        fields = [
            "number",
            "name_nl",
            "name_en",
            "description_nl",
            "description_en",
            "stage",
        ]
        read_only_fields = fields


class ValueReachSerializer(serializers.ModelSerializer):
    theme = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = ValueReach
        fields = ["theme", "reach", "evidence", "evidence_basis"]
        read_only_fields = fields


class AssessmentSerializer(serializers.ModelSerializer):
    collective = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    collective_name = serializers.CharField(source="collective.name", read_only=True)
    ladder_step = serializers.SlugRelatedField(
        slug_field="number", read_only=True, allow_null=True
    )
    source = SourceSerializer(read_only=True, allow_null=True)
    reaches = ValueReachSerializer(many=True, read_only=True)
    directions = DirectionReadingSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "collective",
            "collective_name",
            "assessed_on",
            "assessor_kind",
            "assessor",
            "source",
            "derived_from_source",
            "summary",
            "ladder_step",
            "ladder_rationale",
            "regie",
            "samenwerking",
            "regie_rationale",
            "directions",
            "directions_note",
            "reaches",
        ]
        read_only_fields = fields


class LadderPositionSerializer(serializers.ModelSerializer):
    collective = serializers.CharField(source="slug", read_only=True)
    step = serializers.IntegerField(
        source="current_step",
        read_only=True,
        min_value=1,
        max_value=7,
        help_text=_(
            "Step on the participation ladder in the newest public assessment."
        ),
    )
    regie = _position(
        _("Control over own space (regie) in the newest public assessment."),
        1,
        5,
        source="current_regie",
    )
    samenwerking = _position(
        _("Internal cooperation (samenwerking) in the newest public assessment."),
        1,
        5,
        source="current_samenwerking",
    )
    directions = DirectionCodesField(source="current_directions")
    reading_derived = _reading_derived()

    class Meta:
        model = Collective
        fields = [
            "collective",
            "name",
            "city",
            "step",
            "regie",
            "samenwerking",
            "directions",
            "reading_derived",
        ]
        read_only_fields = fields
