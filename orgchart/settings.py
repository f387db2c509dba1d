"""Settings for orgchart: SQLite by default, any database through DATABASE_URL."""

import os
from pathlib import Path

import dj_database_url
from corsheaders.defaults import default_headers as cors_default_headers
from django.utils.translation import gettext_lazy as _

from orgchart.caches import cache_from_url

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-not-secret")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "mptt",
    "simple_history",
    "structures",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "orgchart.middleware.CompressionMiddleware",
    "orgchart.middleware.ContentSecurityPolicyMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "orgchart.middleware.RejectNulCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change to a draft (django-simple-history).
    "simple_history.middleware.HistoryRequestMiddleware",
]
# Reverting to an old version would bypass the services' rules (and a unit's history omits its tree numbers).
SIMPLE_HISTORY_REVERT_DISABLED = True

ROOT_URLCONF = "orgchart.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "orgchart.wsgi.application"


def tuned_database(config: dict) -> dict:
    """Return a database's settings with the app's tuning: on PostgreSQL, no JIT compilation, and index reads
    priced for data in memory or on SSD.

    PostgreSQL compiles a query whose estimated cost passes jit_above_cost; a chart's one statement estimates
    high and then spent about 90 ms compiling to run in 25. At the default random_page_cost (4, for spinning
    disks) the planner read a 1,000-unit chart's citations by hashing the whole table: 35 ms, against 11 through
    the index at 1.1 (README, Performance).
    """
    if config.get("ENGINE", "").endswith("postgresql"):
        options = config.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off -c random_page_cost=1.1".strip()
    return config


DATABASES = {
    "default": tuned_database(dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60))
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# WhiteNoise serves static files in every mode; in development straight from the app folders, no collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# The cache every worker shares (API throttling counts, cached API bodies): CACHE_URL picks the backend,
# e.g. redis://host:6379/0, db://orgchart_cache (after `manage.py createcachetable`), file:///var/tmp/orgchart,
# locmem:// (one process only, the default) or dummy://.
CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "locmem://"))}
# A chart page lists at most this many units in its outline (whole levels from the top); each deeper part comes with
# the page as HTML the viewer puts in place when it is opened, and without JavaScript a link opens the page there.
# A 10,000-unit outline in full took seconds to parse and lay out before anything was drawn (README, Performance);
# 1,500 units (four levels of it) still cost a tenth of a second to open, for rows the viewer lists closed. 400
# lists what a large chart shows when it opens (three levels); the largest real snapshot is far smaller.
# Units a page lists, shared by its charts (a comparison lists up to half of them on each side).
ORGCHART_OUTLINE_BUDGET = int(os.environ.get("ORGCHART_OUTLINE_BUDGET", "400"))
# Seconds a published tree, comparison or lineage body stays in that cache (0: build it on every request).
# Off while DEBUG, when templates and code change under a running server.
API_CACHE_SECONDS = int(os.environ.get("ORGCHART_API_CACHE_SECONDS", "0" if DEBUG else "86400"))
# Seconds a chart page of published snapshots stays in that cache, compressed (structures/page_cache.py).
PAGE_CACHE_SECONDS = int(os.environ.get("ORGCHART_PAGE_CACHE_SECONDS", "0" if DEBUG else "86400"))
# Anonymous API requests allowed per client address; pytest sets PYTEST_VERSION, and the suite runs unthrottled
# (tests/test_security.py checks throttling with a low rate of its own).
API_ANON_RATE = os.environ.get("ORGCHART_API_ANON_RATE", "120/minute")
# Failed HTTP Basic logins allowed per client address; past them every Basic login from it answers 429 for a while
# (structures/throttling.py). DRF authenticates before it throttles, so API_ANON_RATE never counts them.
API_LOGIN_FAILURE_RATE = os.environ.get("ORGCHART_API_LOGIN_FAILURE_RATE", "10/minute")
if "PYTEST_VERSION" in os.environ:
    API_ANON_RATE = None
    API_LOGIN_FAILURE_RATE = None  # tests/test_api_drafts.py checks it with a low rate of its own

# Content Security Policy (orgchart/middleware.py): no inline script anywhere; only embed pages may be framed,
# by the origins listed here ("*": any site over http or https).
EMBED_FRAME_ANCESTORS = os.environ.get("ORGCHART_EMBED_FRAME_ANCESTORS", "*").split()

# The read API answers any origin (no cookies, GET only): the data is public and meant to be reused.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_EXPOSE_HEADERS = ["ETag", "Link", "X-Total-Count"]
CORS_ALLOW_HEADERS = [*cors_default_headers, "if-none-match"]
CORS_PREFLIGHT_MAX_AGE = 86400

# Where the shipped dataset files and the source documents they cite live.
DATASET_DIR = BASE_DIR / "dataset"
SEEDS_DIR = Path(os.environ.get("ORGCHART_SEEDS_DIR", BASE_DIR.parent / "shared" / "seeds"))

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "structures.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # DRF's defaults, with failed Basic logins counted: the read API would otherwise let a script guess passwords.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "structures.throttling.ThrottledBasicAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["structures.throttling.AnonymousThrottle"],
    # Proxies in front of the app that append to X-Forwarded-For; throttles count the address they name. Unset, a
    # client's own X-Forwarded-For names it for the anonymous rate, and failed logins count by connecting address.
    "NUM_PROXIES": int(os.environ["ORGCHART_NUM_PROXIES"]) if os.environ.get("ORGCHART_NUM_PROXIES") else None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "orgchart API",
    "DESCRIPTION": (
        "Organization structures before and after their reforms, with every unit, "
        "succession and secondary line cited to its source document."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
