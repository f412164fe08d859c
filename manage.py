#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        settings.INSTALLED_APPS  # noqa: B018 (loads the settings: reads the environment)
    except ImproperlyConfigured as error:
        # A missing or wrong setting: one line on stderr and exit code 1, no traceback.
        sys.exit(f"manage.py: {error}")
    execute_from_command_line(sys.argv)
