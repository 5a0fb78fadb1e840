"""Settings for HLD Portal, read from the environment.

Every value has a default that is safe in production; development needs only
``DEBUG=true`` (``make run`` sets it). See the README for the full list.
"""

import ipaddress
import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from delivery.environment import flag, listed, number
from delivery.trust import trusted_proxies

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return flag(os.environ, name, default)


def env_int(name, default, minimum=0):
    return number(os.environ, name, default, minimum=minimum)


def env_seconds(name, default):
    return number(os.environ, name, default, kind=float)


def env_list(name, default=""):
    return listed(os.environ, name, default)


# Core

DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY in the environment (or DEBUG=true for development).")
    # Development only: DEBUG is off in production, where this branch cannot run.
    SECRET_KEY = "dev-only-insecure-key-never-used-in-production"
elif not DEBUG and (len(SECRET_KEY) < 32 or len(set(SECRET_KEY)) < 5):
    # Signed cookies, password resets and submitters' private links hang on it; gunicorn runs no deploy check.
    raise ImproperlyConfigured(
        "SECRET_KEY is too short to keep signatures safe: give at least 50 random characters, e.g. the output of "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")

ROOT_URLCONF = "hldportal.urls"

WSGI_APPLICATION = "hldportal.wsgi.application"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SITE_NAME = os.environ.get("SITE_NAME", "HLD Portal")

# The public address, for links in emails sent outside a request.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not re.fullmatch(r"https?://[^/?#\s]+(/[^?#\s]*)?", SITE_URL):
    # Without its scheme, links in feeds were written after the request's own host ("http://hostportal.example.org").
    raise ImproperlyConfigured(
        f"SITE_URL={SITE_URL!r} is not an address: write it whole, e.g. https://portal.example.org"
    )


# Applications

INSTALLED_APPS = [
    # modeltranslation must come before the admin so its tabbed admin takes effect.
    "modeltranslation",
    # django.contrib.admin, its site the portal's (portal/admin.py).
    "portal.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # whitenoise's runserver_nostatic keeps dev serving identical to production.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "adminsortable2",
    "axes",
    "csp",
    "django_countries",
    "django_prose_editor",
    "django_tasks",
    "django_tasks_db",
    "reversion",
    "common",
    "outbox",
    "events",
    "documents",
    "submissions",
    "records",
    "portal",
    "operations",
    "translations",
]

MIDDLEWARE = [
    # First: proxy headers (scheme, client address) count only from TRUSTED_PROXIES.
    "delivery.proxies.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Security headers outside the page cache and static files, so that what those serve carries them too.
    "csp.middleware.CSPMiddleware",
    "delivery.csp.AdminEditorCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "delivery.resource_policy.CrossOriginResourcePolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache: a cached feed or calendar is answered "not modified" too.
    "delivery.conditional.ValidatedResponsesMiddleware",
    # Outside the page cache and the redirects to an address's language: every API answer gets them.
    "common.api.ApiHeadersMiddleware",
    # Before sessions and everything else: a cached page is answered before Django does any other work.
    "delivery.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Inside LocaleMiddleware: an empty error answer gets the site's page in the address's language.
    "delivery.error_pages.ErrorPageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Last, as django-axes requires: it locks out repeated failed admin sign-ins.
    "axes.middleware.AxesMiddleware",
]

# Only editors and moderators sign in, through the admin.
LOGIN_URL = "admin:login"

LOGIN_REDIRECT_URL = "admin:index"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

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
                "common.context_processors.site",
                "submissions.context_processors.open_calls",
            ],
            "libraries": {"fragments": "delivery.fragments"},
        },
    },
]


# Database: SQLite under var/ unless DATABASE_URL names another (PostgreSQL in CI and production).

VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
if "DATABASE_URL" not in os.environ:
    # The embedded default needs its folder; a fresh clone has none.
    VAR_DIR.mkdir(parents=True, exist_ok=True)

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: it pays off for long analytic queries, not for a page's. PostgreSQL starts it on any query
    # it expects to be costly, such as a search for a word in most of a million documents, where compiling took
    # 8 ms of a 49 ms query (docs/scaling.md). No parallel workers either: starting one costs a few milliseconds and
    # a process, which an estimate of many rows triggers where few come (an event page's six documents, planned as
    # the average event's two thousand at a million documents: 5.5 ms of a 6 ms query), and a page's queries are
    # bounded to a few hundred rows anyway (common/pagination.py). 16 MB for a query's bitmaps and sorts: with the
    # default 4 MB, a common word's 125,000 matches AND-ed with a filter's 250,000 rows at a million documents made
    # a lossy bitmap, whose 110,000 pages were then read and every row on them tested: 500 ms, 140 with 16 MB.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = (
        f"{_options.get('options', '')} -c jit=off -c max_parallel_workers_per_gather=0 -c work_mem=16MB".strip()
    )
    # The queries whose best plan is the same for any values (rows by key or slug: common/compiled.py, Preparing)
    # are prepared at their second run on a connection: parsing and planning were most of PostgreSQL's CPU for an
    # event page's nine queries. A connection pooler in transaction mode that does not track prepared statements
    # (PgBouncer before 1.21, or without max_prepared_statements) needs DATABASE_PREPARED_STATEMENTS=false.
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        _options.setdefault("prepare_threshold", 1)
else:
    # Indexes that also hold non-key columns (INCLUDE) for PostgreSQL's index-only scans: SQLite makes them without.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]


# Internationalisation

LANGUAGE_CODE = "en"

LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
]

LOCALE_PATHS = [BASE_DIR / "locale"]

# Our own formats: the UN writes "3 October 2013", not Django's American default for "en".
FORMAT_MODULE_PATH = ["hldportal.formats"]

TIME_ZONE = "UTC"

USE_I18N = True

USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "en"

MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

MODELTRANSLATION_REQUIRED_LANGUAGES = ("en",)

COUNTRIES_FIRST_REPEAT = False

# modeltranslation's tabbed admin loads jQuery UI from a CDN unless told otherwise; ours is local.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"


# Static and uploaded files

STATIC_URL = "/static/"

STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))

STATICFILES_DIRS = [BASE_DIR / "static"]

MEDIA_URL = "/media/"

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# Written submissions stay outside MEDIA_ROOT: nothing a stakeholder sends is reachable by a plain URL.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "submissions": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/-/"},
    },
    "staticfiles": {
        # Hashed, compressed files in production; plain ones in DEBUG so no collectstatic is needed.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# S3-compatible object storage, shared by every app server, when S3_BUCKET is set: documents under media/,
# submissions under private/, both private to the bucket and read only through the portal's views.
S3_BUCKET = os.environ.get("S3_BUCKET", "")
if S3_BUCKET:
    S3_OPTIONS = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("S3_REGION") or None,
        "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
        "default_acl": "private",
        "file_overwrite": False,
        "querystring_auth": True,
    }
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**S3_OPTIONS, "location": "media"}}
    STORAGES["submissions"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {**S3_OPTIONS, "location": "private"},
    }

DOCUMENT_MAX_UPLOAD_SIZE = env_int("DOCUMENT_MAX_UPLOAD_SIZE", 50 * 1024 * 1024)
# Each uploaded document is parsed in a child process with these bounds (uploads/checks.py).
UPLOAD_INSPECTION_MEMORY = env_int("UPLOAD_INSPECTION_MEMORY", 512 * 1024 * 1024)
UPLOAD_INSPECTION_SECONDS = env_seconds("UPLOAD_INSPECTION_SECONDS", 15)
# The checks of one request's files together (a submission sends up to a call's max_files): well below gunicorn's
# timeout (deploy/gunicorn.conf.py, 30 s), so that several crafted files are refused with a message, not a worker
# killed mid-request and an empty 500.
UPLOAD_REQUEST_INSPECTION_SECONDS = env_seconds("UPLOAD_REQUEST_INSPECTION_SECONDS", 20)
# Their virus scans together, on top: with the checks, still below gunicorn's timeout. A scan past it gives up and
# its file is stored and held for a later scan, as when clamd is down (uploads/checks.py InspectionBudget).
UPLOAD_REQUEST_SCAN_SECONDS = env_seconds("UPLOAD_REQUEST_SCAN_SECONDS", 5)


# Cache of pages, the content version and the rate limits. It must be shared by every worker process: a worker
# with a cache of its own would keep serving a page after it was unpublished and count only its own submissions.
# Files under var/cache by default (every worker on this machine); Redis, shared by every app server, when
# REDIS_URL is set (give it a memory cap with LRU eviction, as scripts/serve does).

REDIS_URL = os.environ.get("REDIS_URL", "")

CACHES = {
    "default": {
        "BACKEND": "delivery.cache.SharedRedisCache",
        "LOCATION": REDIS_URL,
        # Fail fast when Redis is down: the site then serves uncached, never waits.
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    if REDIS_URL
    else {
        "BACKEND": "delivery.cache.SharedFileCache",
        "LOCATION": Path(os.environ.get("CACHE_DIR", VAR_DIR / "cache")),
        # A third of the entries, chosen at random, are dropped when the folder reaches this many.
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 20000)},
    }
}

PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# Parts of pages shared by everyone the page cache does not answer (editors, the first visitor after a change):
# delivery/fragments.py. 0 renders every part anew.
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", PAGE_CACHE_SECONDS)

PAGE_CACHE_SKIP_PREFIXES = ("/admin/", "/static/")


# Virus scanning by ClamAV's daemon: on when CLAMD_SOCKET (e.g. /run/clamav/clamd.ctl) or CLAMD_HOST is set.
# clamd's StreamMaxLength must exceed the largest upload, or big files are held for review as not scanned.

CLAMD_SOCKET = os.environ.get("CLAMD_SOCKET", "")

CLAMD_HOST = os.environ.get("CLAMD_HOST", "")

CLAMD_PORT = env_int("CLAMD_PORT", 3310)

# The whole scan of one file (connecting, sending, the verdict), well under gunicorn's timeout.
CLAMD_TIMEOUT = env_seconds("CLAMD_TIMEOUT", 10)


# Submissions

# Moderators are told of each new submission; by default every active user in the Moderators group.
SUBMISSION_NOTIFY_EMAILS = env_list("SUBMISSION_NOTIFY_EMAILS")

# How long the contact details of a decided submission are kept (manage.py erase_expired_contacts, daily).
SUBMISSION_CONTACT_RETENTION_MONTHS = env_int("SUBMISSION_CONTACT_RETENTION_MONTHS", 24)

# How many submissions one address (an IPv6 /64) may send per hour before it is asked to wait: those received.
SUBMISSION_RATE_LIMIT = env_int("SUBMISSION_RATE_LIMIT", 10)
# How many times it may send the form per hour, refused ones included: a submitter correcting mistakes, or an office
# behind one address, stays well within it; it bounds the uploads one address makes the site read and scan.
SUBMISSION_ATTEMPT_LIMIT = env_int("SUBMISSION_ATTEMPT_LIMIT", 60)


# Background tasks: run at once in development and tests; by the db_worker command in production.

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if os.environ.get("TASKS_BACKEND") == "database"
        else "django_tasks.backends.immediate.ImmediateBackend",
    }
}


# Email

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "HLD Portal <noreply@localhost>")

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)

EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")

EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")

EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")

EMAIL_PORT = env_int("EMAIL_PORT", 25)

# A send that fails is tried again after EMAIL_RETRY_SECONDS, then after twice as long each time, EMAIL_SEND_ATTEMPTS
# times in all (about ten hours with these) before it is given up and shown to staff (outbox.services).
EMAIL_RETRY_SECONDS = env_int("EMAIL_RETRY_SECONDS", 300)

EMAIL_SEND_ATTEMPTS = env_int("EMAIL_SEND_ATTEMPTS", 8, minimum=1)

# Seconds an SMTP connection may wait for an answer: without it a server that never answers holds its worker (or
# the request, with the immediate backend) for ever; well below the outbox's attempt lease and gunicorn's timeout.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)

EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")

SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)


# Security: safe by default in production (DEBUG off); `manage.py check --deploy` reports nothing.

# No inline script or style anywhere, the admin included: every asset is a file of ours.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "base-uri": [SELF],
        "connect-src": [SELF],
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
    }
}

CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

PERMISSIONS_POLICY = {
    "camera": [],
    "geolocation": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}

SECURE_CONTENT_TYPE_NOSNIFF = True

SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)

SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)

SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 0 if DEBUG else 31536000)

# The site runs behind nginx, which passes the visitor's address (X-Real-IP, X-Forwarded-For) and scheme
# (X-Forwarded-Proto). Those headers count only on connections from TRUSTED_PROXIES (addresses or networks);
# from anyone else they are dropped. Loopback by default without DEBUG (nginx on the same machine); empty
# when the app server faces visitors itself (BEHIND_PROXY=false).
# gunicorn's forwarded_allow_ips is the same list (delivery/trust.py).
TRUSTED_PROXIES = trusted_proxies(os.environ)
for entry in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(entry, strict=False)
    except ValueError as error:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES: {error}") from error

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXIES else None

SECURE_REFERRER_POLICY = "same-origin"

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)

# Staff sessions end after 8 hours, or when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)

SESSION_EXPIRE_AT_BROWSER_CLOSE = True

X_FRAME_OPTIONS = "DENY"

# Five failed sign-ins from one address for one user name lock that pair out for an hour.
# The lockout counts the visitor's address as the rest of the site does, not nginx's: an IPv6 /64 as one.
AXES_CLIENT_IP_CALLABLE = "delivery.proxies.client_network"

AXES_COOLOFF_TIME = 1

AXES_FAILURE_LIMIT = 5

AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]

AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"

AXES_RESET_ON_SUCCESS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]


# Logging: errors to stderr, where gunicorn and the console collect them.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Submitters' private status links never reach a log (delivery/access_logs.py).
    "filters": {
        "mask_status_tokens": {"()": "delivery.access_logs.MaskStatusTokens"},
        "without_traceback": {"()": "delivery.access_logs.WithoutTraceback"},
    },
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_status_tokens"]},
        "one_line": {"class": "logging.StreamHandler", "filters": ["without_traceback", "mask_status_tokens"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["mask_status_tokens"],
        },
    },
    "loggers": {
        # Without its own handlers: Django's defaults (a console under DEBUG, mail to ADMINS) would write its records
        # unmasked. They reach the root's console instead.
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # A request for another site's name is answered 400 and is not the site's error: a line without traceback,
        # which tells an operator whose ALLOWED_HOSTS misses the site's own name why every page is refused (nginx
        # answers unknown names itself, so scanners rarely reach it).
        "django.security.DisallowedHost": {"handlers": ["one_line"], "level": "WARNING", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
