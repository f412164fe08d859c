import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

# gunicorn runs no system checks: refuse to serve without compiled translations
# (core/checks.py), rather than show the English interface on the Dutch pages.
from core.checks import compiled_catalogues  # noqa: E402

if problems := compiled_catalogues():
    raise ImproperlyConfigured(problems[0].msg + " " + problems[0].hint)


def _warm() -> None:
    """What every worker would otherwise do again after the fork (gunicorn
    preloads the app, and a recycled worker starts from the preloaded master):
    compile the project's templates (the cached loader keeps them), load both
    catalogues and build the URL resolvers. No database connection is opened."""
    from pathlib import Path

    from django.conf import settings
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            get_resolver().reverse_dict  # noqa: B018 - builds the resolver's tables
    root = Path(settings.BASE_DIR) / "templates"
    for path in sorted(root.rglob("*.html")):
        get_template(path.relative_to(root).as_posix())


_warm()
