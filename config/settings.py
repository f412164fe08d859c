"""Settings for Collectievenatlas, read from the environment (django-environ).

Local defaults are safe: SpatiaLite in the work tree, DEBUG off unless asked for,
no secret key outside DEBUG. Production differences are environment flags; see the
README for the list.
"""

import datetime
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# Optional; a missing file is ignored. ENV_FILE names another one (tests point it
# at nothing, so a developer's .env never reaches the processes they start).
environ.Env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")))

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "Set SECRET_KEY (or DEBUG=true for local use; scripts/install writes "
            "a development .env with both)."
        )
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, as its documentation asks
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "leaflet",
    "django_filters",
    "rest_framework",
    "rest_framework_gis",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "axes",
    "simple_history",
    "csp",
    # Ours, from the ground floor up (README, "Architecture"): an app imports
    # only from the apps listed before it (tests/test_architecture.py).
    "core",
    "valuefan",
    "collectives",
    "casestudies",
    "areas",
    "contributions",
    "api",
]

# Apps whose data the public sees: any change to their models changes the
# content version that cached pages and map data are keyed by
# (core/content_version.py).
PUBLIC_DATA_APPS = frozenset({"collectives", "casestudies", "valuefan"})

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.OpenDataCORSMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous copies of public pages, served before any session, user or
    # database work (core/pagecache.py).
    "core.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

# Widgets render through the project's template settings, so templates/ may
# override a package's widget template (templates/leaflet/widget.html does).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.languages",
                "contributions.context_processors.moderation",
            ],
        },
    },
]

# SpatiaLite in the work tree by default, so a newcomer needs no server;
# production and the test suite use PostGIS: DATABASE_URL=postgis://user:pw@host/db
DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"spatialite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# Persistent connections by default: opening one (TCP and a password exchange)
# for each request cost more than the rest of a small page (README, "Measured").
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
# With persistent connections, test a reused connection before each request, so
# the app recovers by itself after a database restart.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if "postgis" in DATABASES["default"]["ENGINE"]:
    # No JIT compilation: the map's and lists' queries are short, and compiling
    # them cost more than running them (the 10 000-collective GeoJSON: 1.9 s with
    # JIT against 0.2 s without; bench/README.md).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://collectievenatlas")}

# Anonymous visitors of these pages get a copy rendered once per content version
# (core/pagecache.py); PAGE_CACHE_SECONDS=0 turns it off. The version changes
# with the data, so the time only bounds how long an unused copy is kept.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=3600)
# How old a worker's reading of the content version may be: a change to the data
# shows on every worker within this many seconds, and a cache hit needs no query.
CONTENT_VERSION_RECHECK_SECONDS = env.float(
    "CONTENT_VERSION_RECHECK_SECONDS", default=2
)
PAGE_CACHE_VIEWS = [
    "collectives:map",
    "collectives:list",
    "collectives:detail",
    "collectives:compare",
    "areas:list",
    "areas:detail",
    "areas:compare",
    "casestudies:cross-case",
    "collectives:ladder",
]
# The query parameters those pages read (filters, sorting, paging, what is
# compared or overlaid); a request with any other is rendered, not cached.
PAGE_CACHE_PARAMS = frozenset(
    {"q", "city", "area", "kind", "governance", "tenure", "sort", "page"}
    | {"c", "a", "fan", "compare"}
)

# --- Accounts (django-allauth), login throttling (django-axes), e-mail ---------
AUTHENTICATION_BACKENDS = [
    # axes first: it refuses a locked-out login before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a link preview must not confirm an address
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Collectievenatlas] "
LOGIN_REDIRECT_URL = "collectives:map"
LOGIN_URL = "account_login"
# Throttle logins per account and address; a cool-off, never a permanent lock.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "config.auth.login_name"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
# Reverse proxies in front of the app that append to X-Forwarded-For (nginx, a
# load balancer): every throttle takes the client's address from there.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "config.auth.client_ip"
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Registrations a user may start in 24 hours, per account and per address (the
# per-address count lives in the cache: set CACHE_URL to a shared cache in
# production, or each gunicorn worker counts on its own).
REGISTRATION_STARTS_PER_USER = env.int("REGISTRATION_STARTS_PER_USER", default=5)
REGISTRATION_STARTS_PER_ADDRESS = env.int("REGISTRATION_STARTS_PER_ADDRESS", default=20)
# Local: e-mail goes to the console. Production: EMAIL_URL=smtp+tls://user:pw@host:587
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Collectievenatlas <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]

# Content in two languages (each app's translation.py): Dutch is the original,
# English a translation; an empty English field falls back to the Dutch text.
MODELTRANSLATION_DEFAULT_LANGUAGE = "nl"
MODELTRANSLATION_LANGUAGES = ("nl", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("nl",)
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The admin lives at a non-default path; set ADMIN_URL per deployment.
ADMIN_URL = env("ADMIN_URL", default="beheer/")

# Debian 12 ships GDAL 3.6, which cannot block file/network access from spatial
# references (needs GDAL >= 3.9). We never pass user-supplied strings to GDAL or
# spatial lookups; see README "Security". Silence only this one check.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

# Spatial reference of every stored geometry (WGS84, as Leaflet and GeoJSON use).
GEOMETRY_SRID = 4326

# Map tiles are optional: with MAP_TILES_URL empty the map shows markers and
# outlines on a plain background and makes no request to a tile server.
MAP_TILES_URL = env(
    "MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
MAP_TILES_ATTRIBUTION = env(
    "MAP_TILES_ATTRIBUTION",
    default='&copy; <a href="https://www.openstreetmap.org/copyright">'
    "OpenStreetMap</a>",
)
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (52.1, 5.1),
    "DEFAULT_ZOOM": 8,
    "MIN_ZOOM": 6,
    "MAX_ZOOM": 18,
    "SPATIAL_EXTENT": (3.2, 50.7, 7.3, 53.6),
    "TILES": [("OpenStreetMap", MAP_TILES_URL, {"attribution": MAP_TILES_ATTRIBUTION})]
    if MAP_TILES_URL
    else [],
    "ATTRIBUTION_PREFIX": "Leaflet",
    "RESET_VIEW": False,
    "NO_GLOBALS": True,
    "FORCE_IMAGE_PATH": True,
}


def _tile_origin(url: str) -> list[str]:
    """The origin map tiles come from, for img-src ('{s}' subdomains as a wildcard)."""
    if not url:
        return []
    scheme, _, rest = url.partition("://")
    host = rest.split("/", 1)[0].replace("{s}", "*")
    return [f"{scheme}://{host}"]


# Content-Security-Policy (django-csp), in every environment so the browser tests
# meet the same policy as production. Scripts only from our origin: no inline
# scripts, no eval (data for scripts travels in json_script blocks and data
# attributes). Styles allow 'unsafe-inline' because plotly.js injects its styles
# at run time (plotly.js issue 7543); that is the only relaxation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", *_tile_origin(MAP_TILES_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Public data is open data: every export and the API state this licence.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
DATA_LICENCE = "CC BY 4.0"
DATA_LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

# Seconds that public map data may be cached by browsers and shared caches.
GEOJSON_MAX_AGE = env.int("GEOJSON_MAX_AGE", default=300)

# --- HTTPS and security headers ------------------------------------------------
# Production serves HTTPS only (behind a TLS-terminating reverse proxy: set
# BEHIND_TLS_PROXY so Django trusts its X-Forwarded-Proto). HTTPS_ONLY=false for a
# production-like run over plain HTTP on one's own machine (benchmarks, audits).
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", False) else None
)
HTTPS_ONLY = env.bool("HTTPS_ONLY", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS_ONLY
# Load balancers probe the health check over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
LANGUAGE_COOKIE_SECURE = HTTPS_ONLY
# HSTS: a year once HTTPS is known to work; HSTS_SECONDS=0 while trying it out.
SECURE_HSTS_SECONDS = env.int("HSTS_SECONDS", default=31_536_000) if HTTPS_ONLY else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # and CSP frame-ancestors 'none' below
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Logs go to stderr as one JSON object per line (config/logging.py);
# LOG_FORMAT=text gives plain lines for reading in a terminal.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "config.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "filters": {"outage": {"()": "config.logging.DatabaseOutageFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env("LOG_FORMAT", default="json"),
            "filters": ["outage"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# --- Public API (api/: Django REST framework, OpenAPI schema by drf-spectacular) ---
# Read-only and anonymous: no authentication classes, so no sessions or CSRF.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.LicensedPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Collectievenatlas API",
    "VERSION": "1.0.0",
    "DESCRIPTION": format_lazy(
        _(
            "Read-only open data on ondernemerscollectieven: published collectives, "
            "their areas, value fans (waardewaaier) and positions on the "
            "participation ladder. JSON; collectives and areas also as GeoJSON "
            "(`/collectives/geojson/`, `/areas/geojson/`), in WGS84.\n\n"
            "**Licence.** The data are published under {licence} ({licence_url}). "
            'Every response carries a `Link: <{licence_url}>; rel="license"` '
            "header, and every list has `license` and `citation` fields.\n\n"
            "**How to cite.** Collectievenatlas (year). Data version (number), "
            "retrieved (date) from (the URL you requested). Licence: {licence} "
            "({licence_url}). Facts and readings of the six cases: (the "
            "whitepaper). Each list gives this sentence, filled in, in its "
            "`citation` field. `reading_derived` marks readings derived from a "
            "source's text rather than measured."
        ),
        licence=DATA_LICENCE,
        licence_url=DATA_LICENCE_URL,
    ),
    "LICENSE": {"name": DATA_LICENCE, "url": DATA_LICENCE_URL},
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    # Swagger UI from drf-spectacular-sidecar, served as our own
    # static files: no request to another origin.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # validatorUrl: null stops Swagger UI from calling the online validator.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "ENUM_NAME_OVERRIDES": {
        "CollectiveKindEnum": "collectives.models.CollectiveKind",
        "AreaKindEnum": "collectives.models.Area.Kind",
        "DegreeEnum": "valuefan.models.Degree",
        "DirectionEnum": "api.serializers.DIRECTION_CODE_CHOICES",
    },
}
