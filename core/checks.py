"""System checks of the ground floor.

A deployment that skipped `compilemessages` serves the English interface on the
Dutch pages, with `lang="nl"` and no error anywhere: refuse to run instead. The
check runs with `manage.py check` (and `check --deploy`, `runserver`, `migrate`)
and when the WSGI application is loaded (config/wsgi.py), so gunicorn stops at
start-up with the reason."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Tags, register

# The interface's msgids are English: every other configured language needs a
# compiled catalogue.
SOURCE_LANGUAGE = "en"


@register(Tags.translation)
def compiled_catalogues(app_configs=None, **kwargs) -> list[Error]:
    """An error per configured language whose compiled catalogue is missing or
    older than its `.po` file, in any of settings.LOCALE_PATHS."""
    errors = []
    for code, _name in settings.LANGUAGES:
        if code == SOURCE_LANGUAGE:
            continue
        for folder in settings.LOCALE_PATHS:
            po = Path(folder) / code / "LC_MESSAGES" / "django.po"
            mo = po.with_suffix(".mo")
            if not po.exists():
                continue
            if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
                errors.append(
                    Error(
                        f"The {code!r} translations are not compiled, or older than "
                        f"{po}: the pages would show the English interface.",
                        hint="Run `manage.py compilemessages` (scripts/install does).",
                        id="core.E001",
                    )
                )
    return errors
