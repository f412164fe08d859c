"""Content in two languages (django-modeltranslation): Dutch is the original, in
`<field>_nl`; English a translation, in `<field>_en`.

`keep_dutch` is the data step of the migrations that added those columns: the
text rows already had stays, as Dutch."""

from __future__ import annotations

from django.db import migrations
from django.db.models import F


def keep_dutch(fields_by_model: dict[tuple[str, str], tuple[str, ...]]):
    """A RunPython operation that copies `<field>` into `<field>_nl` for every
    (app label, model name) and its fields (what modeltranslation's
    `update_translation_fields` command does)."""

    def forwards(apps, schema_editor):
        for (app_label, model_name), fields in fields_by_model.items():
            model = apps.get_model(app_label, model_name)
            model._base_manager.update(**{f"{f}_nl": F(f) for f in fields})

    return migrations.RunPython(forwards, migrations.RunPython.noop)


def is_translation_field(field) -> bool:
    """`description_nl`, `description_en`, …: a language's column of a
    registered field (the page shows the registered field itself)."""
    return hasattr(field, "translated_field")


def base_name(model, name: str) -> str:
    """`description` for `description_nl` or `description_en`; other names as
    they are."""
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 – not a field: the name as it is
        return name
    return field.translated_field.name if is_translation_field(field) else name


def translated_fields(model) -> tuple[str, ...]:
    """The registered (translatable) field names of a model."""
    from modeltranslation.translator import NotRegistered, translator

    try:
        return tuple(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return ()
