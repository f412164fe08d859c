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

import threading
import time

from django.apps import apps
from django.conf import settings
from django.db import Error as DatabaseFailure
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

# This process's last reading of the version (see recent()), per thread.
_last = threading.local()
_clock = time.monotonic  # the tests move it


def current() -> int:
    """The version as the database has it now (one query)."""
    from .models import ContentVersion

    return (
        ContentVersion.objects.filter(pk=1).values_list("version", flat=True).first()
        or 0
    )


def recent() -> int | None:
    """The version as this thread last read it, read again from the database
    when it is older than settings.CONTENT_VERSION_RECHECK_SECONDS: the page
    cache's key, so that a hit costs no query. A change therefore shows on every
    worker within that many seconds (0 in the tests: at once). While the database
    cannot be reached, the last reading stands (None if there was none) and
    database_unreachable() says so."""
    now = _clock()
    checked = getattr(_last, "checked", None)
    if checked is None or now - checked >= settings.CONTENT_VERSION_RECHECK_SECONDS:
        try:
            _last.value, _last.unreachable = current(), False
        except DatabaseFailure:  # and InterfaceError: a dropped connection
            _last.unreachable = True
        _last.checked = now
    return getattr(_last, "value", None)


def database_unreachable() -> bool:
    """Whether this thread's last attempt to read the version failed."""
    return getattr(_last, "unreachable", False)


def forget() -> None:
    """Read the version from the database next time (after this thread changed it)."""
    _last.checked = None


def bump() -> None:
    from .models import ContentVersion

    if not ContentVersion.objects.filter(pk=1).update(version=F("version") + 1):
        ContentVersion.objects.get_or_create(pk=1, defaults={"version": 1})
    forget()


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
