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
