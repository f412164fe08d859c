"""Test settings: PostGIS (a private cluster started by scripts/test), no tiles."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
# The test client and the live server speak plain HTTP.
os.environ.setdefault("HTTPS_ONLY", "false")
os.environ.setdefault("LOG_FORMAT", "text")
# No tile server: the map must work without one, and the policy lists none.
os.environ["MAP_TILES_URL"] = ""
os.environ.setdefault(
    "DATABASE_URL", "postgis://postgres@127.0.0.1:54329/collectievenatlas"
)
# Playwright's sync API runs an event loop in the test thread; the ORM calls
# in the same thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from .settings import *  # noqa: E402,F403
from .settings import LEAFLET_CONFIG  # noqa: E402

DEBUG = False
# One test database per run, so that runs side by side (several work trees, a
# helper and a developer) don't drop each other's database.
DATABASES["default"]["TEST"] = {  # noqa: F405
    "NAME": os.environ.get(
        "TEST_DATABASE_NAME", f"test_collectievenatlas_{os.getpid()}"
    )
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
LEAFLET_CONFIG = {**LEAFLET_CONFIG, "TILES": []}
MAP_TILES_URL = ""
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests change data and look at the next page at once (tests/test_pagecache.py
# tests the bound itself).
CONTENT_VERSION_RECHECK_SECONDS = 0
# Serve static files from the finders (no collectstatic before tests).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
