"""Form fields, labels and widgets the registration and the owners' edit page
share: the point on the map, the profile's typed fields, plain choices."""

from __future__ import annotations

import math

from django import forms
from django.conf import settings
from django.contrib.gis import forms as gis_forms
from django.contrib.gis.gdal import GDALException
from django.contrib.gis.geos import GEOSException, Point
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from leaflet.forms.widgets import LeafletWidget

from collectives.models import FOUNDED_YEAR_MAX, FOUNDED_YEAR_MIN
from core.content_languages import translated_fields

LONG_TEXT = 5000
MAX_COUNT = 100_000

# Labels and widgets of the profile fields where the model's do not suit a
# form an owner fills in.
PROFILE_LABELS = {
    "name": _("Name of the collective"),
    "member_demonym": _("What are the members called?"),
    "entrepreneur_types": _("What kinds of entrepreneurs are there?"),
    "contact_name": _("Contact person"),
    "contact_email": _("E-mail address"),
    "contact_phone": _("Phone number"),
}
PROFILE_WIDGETS = {
    "tenure_end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "entrepreneur_types": forms.Textarea(attrs={"rows": 3}),
    "description": forms.Textarea(attrs={"rows": 6}),
    "building_description": forms.Textarea(attrs={"rows": 3}),
    "building_history": forms.Textarea(attrs={"rows": 3}),
    "other_websites": forms.Textarea(attrs={"rows": 2}),
    "address": forms.TextInput(attrs={"autocomplete": "street-address"}),
    "postcode": forms.TextInput(attrs={"autocomplete": "postal-code"}),
    "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
    "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
    "contact_phone": forms.TextInput(attrs={"autocomplete": "tel"}),
}


class MapPointField(gis_forms.PointField):
    """A point placed on the map: any geometry text that does not parse, is not
    a 2D point or lies outside lon/lat bounds is a field error, never a 500."""

    widget = LeafletWidget
    default_error_messages = {
        "required": _("Place the point on the map."),
        "invalid_geom": _("Place the point on the map."),
        "invalid_geom_type": _("Place a single point on the map."),
        "transform_error": _("This point could not be read; place it on the map."),
        "out_of_bounds": _("Place the point on the map."),
    }

    def clean(self, value):
        try:
            if value not in self.empty_values:
                # Only lon/lat as the widget writes it; no other reference system.
                parsed = self.to_python(value)
                if parsed is not None and parsed.srid != self.widget.map_srid:
                    raise ValidationError(
                        self.error_messages["transform_error"], code="transform_error"
                    )
            point = super().clean(value)
        except (GEOSException, GDALException, ValueError, TypeError) as error:
            raise ValidationError(
                self.error_messages["transform_error"], code="transform_error"
            ) from error
        if point is None:
            return None
        if point.empty:
            raise ValidationError(self.error_messages["invalid_geom"], code="invalid")
        x, y = point.x, point.y
        if not (
            math.isfinite(x)
            and math.isfinite(y)
            and -180 <= x <= 180
            and -90 <= y <= 90
        ):
            raise ValidationError(
                self.error_messages["out_of_bounds"], code="out_of_bounds"
            )
        # Drop a third dimension: the column is 2D.
        return Point(x, y, srid=settings.GEOMETRY_SRID)


def location_field() -> MapPointField:
    return MapPointField(
        label=_("Location"),
        help_text=_(
            "Click on the map where the collective is; drag the marker to move it."
        ),
    )


def website_field() -> forms.URLField:
    return forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )


def founded_year_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Founded in"),
        required=False,
        min_value=FOUNDED_YEAR_MIN,
        max_value=FOUNDED_YEAR_MAX,
        **kwargs,
    )


def rent_field() -> forms.DecimalField:
    return forms.DecimalField(
        label=_("Rent (€ per m² per year, optional)"),
        required=False,
        min_value=0,
        max_digits=7,
        decimal_places=2,
    )


def plain_choices(choices) -> list:
    """Choices without the empty '---------' entry (for radio buttons)."""
    return [(value, label) for value, label in choices if value != ""]


class DutchContentMixin:
    """A collective's form edits its Dutch content (the original; the English
    translation is the editors'), whatever the page's language: it starts from
    the Dutch text and writes the Dutch field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        given = kwargs.get("initial") or {}
        for name in translated_fields(type(self.instance)):
            if name in self.fields and name not in given:
                self.initial[name] = getattr(self.instance, f"{name}_nl", "") or ""

    def _post_clean(self):
        with translation.override("nl"):
            super()._post_clean()
