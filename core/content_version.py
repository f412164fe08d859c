"""The public content version: one number that changes with every change to data
that public pages, exports or map data show.

Every save, delete or many-to-many change of a model in the apps named in
settings.PUBLIC_DATA_APPS adds one to it in the same transaction, so
readers see the new number exactly when they can see the new data. Code that
writes around model signals (QuerySet.update, bulk_create) calls bump() itself.
Cache keys of public pages (core/pagecache.py) and of the map's GeoJSON include
it: a change is visible at once on every app server, and while nothing changes,
nothing is rendered twice.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save


def current() -> int:
    from .models import ContentVersion

    return (
        ContentVersion.objects.filter(pk=1).values_list("version", flat=True).first()
        or 0
    )


def bump() -> None:
    from .models import ContentVersion

    if not ContentVersion.objects.filter(pk=1).update(version=F("version") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"version": 1})


def _changed(sender, action: str = "post_", **kwargs) -> None:
    meta = sender._meta
    if meta.app_label not in settings.PUBLIC_DATA_APPS or not action.startswith(
        "post_"
    ):
        return
    if meta.model_name in ("contentversion",) or meta.model_name.startswith(
        "historical"  # simple-history's copies: the original's signal counts
    ):
        return
    # Migrations send signals for their own frozen model classes: not ours.
    if apps.get_model(meta.app_label, meta.model_name) is not sender:
        return
    bump()


def connect() -> None:
    """Called once from CoreConfig.ready()."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_changed, dispatch_uid=f"content-version-{signal!r}")
