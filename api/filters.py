"""Query parameters of the public API. A bad value is a 400 that names the
parameter and the reason (`{"bbox": ["…"]}`), never a 500: every value is
parsed by a form field first, slugs are checked for their shape before they
reach a query, and only numbers reach the spatial lookup (no user string goes
to GEOS or GDAL)."""

from __future__ import annotations

import math
import re

import django_filters
from django import forms
from django.conf import settings
from django.contrib.gis.geos import Polygon
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from collectives.filters import CollectiveFilter as SiteCollectiveFilter
from collectives.filters import NullsLastOrderingFilter
from collectives.models import Area, Collective
from valuefan.models import Assessment

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,200}")  # SlugField, max_length 200
BBOX_MAX_LENGTH = 200


class SlugModelChoiceField(forms.ModelChoiceField):
    """A model chosen by slug; a value that cannot be a slug (NUL bytes, spaces,
    a page of text) is refused before it reaches the database."""

    def to_python(self, value):
        if value not in self.empty_values and not SLUG.fullmatch(str(value)):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = SlugModelChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)


class BBoxField(forms.Field):
    """`minLon,minLat,maxLon,maxLat` in WGS84 degrees → a GEOS polygon built from
    four checked floats."""

    default_error_messages = {
        "format": _(
            "Give four numbers separated by commas: minLon,minLat,maxLon,maxLat."
        ),
        "longitude": _(
            "Longitudes must lie between -180 and 180, the minimum below the maximum."
        ),
        "latitude": _(
            "Latitudes must lie between -90 and 90, the minimum below the maximum."
        ),
    }

    def to_python(self, value: str | None) -> Polygon | None:
        if value in self.empty_values:
            return None
        parts = str(value).split(",")
        if len(value) > BBOX_MAX_LENGTH or len(parts) != 4:
            raise ValidationError(self.error_messages["format"], code="format")
        try:
            numbers = [float(part) for part in parts]
        except ValueError:
            raise ValidationError(
                self.error_messages["format"], code="format"
            ) from None
        if not all(math.isfinite(n) for n in numbers):  # float() takes "nan", "inf"
            raise ValidationError(self.error_messages["format"], code="format")
        min_lon, min_lat, max_lon, max_lat = numbers
        if not -180 <= min_lon < max_lon <= 180:
            raise ValidationError(self.error_messages["longitude"], code="longitude")
        if not -90 <= min_lat < max_lat <= 90:
            raise ValidationError(self.error_messages["latitude"], code="latitude")
        polygon = Polygon.from_bbox(numbers)
        polygon.srid = settings.GEOMETRY_SRID
        return polygon


@extend_schema_field(
    {
        "type": "string",
        # Empty is allowed, as the server allows it: no box, no filter.
        "pattern": r"^$|^-?[0-9.]+,-?[0-9.]+,-?[0-9.]+,-?[0-9.]+$",
        "example": "4.40,51.88,4.52,51.95",
        "description": _(
            "Bounding box in WGS84 degrees: minLon,minLat,maxLon,maxLat. Rows on "
            "its edge are included; a box across the antimeridian is not supported."
        ),
    }
)
class BBoxFilter(django_filters.Filter):
    """Rows whose geometry lies in (or touches) the box."""

    field_class = BBoxField

    def filter(self, qs: QuerySet, value: Polygon | None) -> QuerySet:
        if value is None:
            return qs
        return qs.filter(**{f"{self.field_name}__intersects": value})


@extend_schema_field(
    {
        "type": "integer",
        "minimum": 1,
        "maximum": 7,
        "description": _(
            "Current step on the participation ladder (1 to 7): the step of the "
            "newest public assessment that has one."
        ),
    }
)
class LadderStepFilter(django_filters.NumberFilter):
    """A step of the participation ladder, 1 to 7 (a whole number: a decimal
    field would let 2.5 through and match step 2)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 7)
        super().__init__(*args, **kwargs)


class CollectiveFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search in name, city, area, members and description"),
        method="search",
        max_length=100,
    )
    city = django_filters.CharFilter(
        label=_("City (exact name, any case)"), lookup_expr="iexact", max_length=100
    )
    area = SlugChoiceFilter(
        label=_("Area (slug)"),
        queryset=Area.objects.all(),
        error_messages={"invalid_choice": _("Unknown area.")},
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Collective.Kind.choices)
    governance = django_filters.ChoiceFilter(
        label=_("Governance form"), choices=Collective.Governance.choices
    )
    tenure = django_filters.ChoiceFilter(
        label=_("Contract type"), choices=Collective.Tenure.choices
    )
    step = LadderStepFilter(field_name="current_step")
    bbox = BBoxFilter(field_name="location")
    ordering = NullsLastOrderingFilter(
        label=_(
            "Order by a field; prefix with - for descending, separate several "
            "with commas. Unknown values sort last."
        ),
        fields=(
            ("name", "name"),
            ("city", "city"),
            ("founded_year", "founded_year"),
            ("entrepreneur_count", "entrepreneur_count"),
            ("floor_area_m2", "floor_area_m2"),
            ("current_step", "current_step"),
            ("updated_at", "updated_at"),
        ),
        field_labels={
            "name": _("Name"),
            "city": _("City"),
            "founded_year": _("Founded"),
            "entrepreneur_count": _("Entrepreneurs"),
            "floor_area_m2": _("Floor area"),
            "current_step": _("Ladder step"),
            "updated_at": _("Last updated"),
        },
    )

    class Meta:
        model = Collective
        fields: list[str] = []

    # The same search as the website's map and table.
    search = SiteCollectiveFilter.search

    @property
    def qs(self) -> QuerySet:
        # Name and primary key break ties, so pages don't overlap or skip rows.
        qs = super().qs
        if self.form.cleaned_data.get("ordering"):
            qs = qs.order_by(*qs.query.order_by, "name", "pk")
        return qs


class AreaFilter(django_filters.FilterSet):
    city = django_filters.CharFilter(
        label=_("City (exact name, any case)"), lookup_expr="iexact", max_length=100
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Area.Kind.choices)

    class Meta:
        model = Area
        fields: list[str] = []


class AssessmentFilter(django_filters.FilterSet):
    collective = SlugChoiceFilter(
        label=_("Collective (slug)"),
        queryset=Collective.objects.published(),
        error_messages={"invalid_choice": _("Unknown collective.")},
    )
    assessor_kind = django_filters.ChoiceFilter(
        label=_("Who assessed"), choices=Assessment.AssessorKind.choices
    )

    class Meta:
        model = Assessment
        fields: list[str] = []


class LadderPositionFilter(django_filters.FilterSet):
    step = LadderStepFilter(field_name="current_step")
    city = django_filters.CharFilter(
        label=_("City (exact name, any case)"), lookup_expr="iexact", max_length=100
    )

    class Meta:
        model = Collective
        fields: list[str] = []
