"""A collective's fields as the owners' and moderators' pages show them: values
by their labels, a proposed change as a diff, the stored fields for review."""

from __future__ import annotations

from django.contrib.gis.geos import GEOSGeometry
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import Field
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from collectives.models import Collective
from contributions import services
from contributions.profile import CONTACT_FIELDS
from core.content_languages import base_name, is_translation_field


def display_value(field: Field, value: object) -> object:
    """A model field's value as a page shows it: choices by their label, a point
    as latitude and longitude, empty as ''. Dates and numbers are left to the
    template, which formats them for the page's language."""
    if value is None or value == "":
        return ""
    if isinstance(value, GEOSGeometry):
        if value.geom_type == "Point":
            return f"{value.y:.6f}, {value.x:.6f}"
        return value.wkt
    if field.choices:
        return capfirst(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def _parsed(field: Field, raw: object) -> object:
    """A proposed (JSON) value as the field's Python value, for comparison."""
    try:
        return services.from_json(field.name, field.to_python(raw))
    except ValidationError:
        return raw


def _same(current: object, proposed: object) -> bool:
    if isinstance(current, GEOSGeometry) or isinstance(proposed, GEOSGeometry):
        if current is None or proposed is None or not hasattr(proposed, "equals"):
            return current is None and proposed is None
        return current.equals_exact(proposed, tolerance=1e-7)
    if isinstance(current, str) and isinstance(proposed, str):
        # Browsers send line breaks as CRLF; what was stored may have LF.
        return current.replace("\r\n", "\n") == proposed.replace("\r\n", "\n")
    if current in (None, "") and proposed in (None, ""):
        return True
    return current == proposed


def proposed_diff(collective: Collective, data: dict) -> list[dict]:
    """The fields a proposed change would change, in the profile's field order:
    label, current (published) value and proposed value. Fields it would leave as
    they are, and names that are not fields, are left out."""
    rows = []
    for field in Collective._meta.concrete_fields:
        if field.name not in data:
            continue
        with translation.override("nl"):  # owners change the Dutch content
            current = field.value_from_object(collective)
        proposed = _parsed(field, data[field.name])
        if _same(current, proposed):
            continue
        rows.append(
            {
                "name": field.name,
                "label": capfirst(field.verbose_name),
                "current": display_value(field, current),
                "proposed": display_value(field, proposed),
                "private": field.name in CONTACT_FIELDS,
            }
        )
    return rows


def history_fields(record) -> set[str]:
    """The fields a history record compares: those django-simple-history tracks
    and each language's column of the translated ones (`description_nl`, …),
    which modeltranslation adds after the history model was made."""
    tracked = {f.name for f in record.tracked_fields if f.editable}
    return tracked | {
        f.name for f in Collective._meta.concrete_fields if is_translation_field(f)
    }


def field_labels(names) -> list[str]:
    """The labels of fields, once each (`description_nl` is `description`)."""
    labels = []
    names = list(dict.fromkeys(base_name(Collective, name) for name in names))
    for name in names:
        try:
            labels.append(capfirst(Collective._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            labels.append(name)
    return labels


def collective_rows(collective: Collective) -> list[dict]:
    """Every stored field of a collective (the contact details flagged as
    private), for the moderators' review."""
    rows = []
    for field in Collective._meta.concrete_fields:
        if field.primary_key or is_translation_field(field):
            continue  # a registered field shows its Dutch text
        if field.is_relation:
            value = getattr(collective, field.name) or ""
        else:
            with translation.override("nl"):
                value = display_value(field, field.value_from_object(collective))
        rows.append(
            {
                "label": capfirst(field.verbose_name),
                "value": value,
                "private": field.name in CONTACT_FIELDS,
            }
        )
    return rows
