"""Settings, every one read from the environment (documented in the README)."""

import datetime as dt
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("RADHUS_VAR_DIR", PROJECT_DIR / "var"))


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept under var/."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("RADHUS_DEBUG")
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",  # serves the API docs' Swagger UI from its own static files, not a CDN
    "axes",
    "django_tasks",
    "django_tasks_db",
    "radhus.core",
    "radhus.organisation",
    "radhus.diarium",
    "radhus.meetings",
    "radhus.followup",
    "radhus.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "radhus.cors.cors_middleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "radhus.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a login refused for too many failures into the
    # lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "radhus.urls"

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
                "django.template.context_processors.i18n",
                "radhus.core.context_processors.site",
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "radhus.wsgi.application"

_DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'radhus.sqlite3'}")
# A connection is kept for a minute by default: opening one costs about as much as a whole
# page on PostgreSQL (issue 7), and on SQLite 1.7 ms of every request (the file, the pragmas,
# the collation, and reading a schema of some hundred tables and indexes), against 0.1 ms
# for a small query on a kept one. Django checks a kept connection before reusing it, so a
# restarted database costs one failed check, not an error page.
_KEEP_CONNECTIONS = 60
DATABASES = {
    "default": dj_database_url.parse(
        _DATABASE_URL,
        conn_max_age=_env_int("CONN_MAX_AGE", _KEEP_CONNECTIONS),
        conn_health_checks=_env_bool("CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write transactions begin IMMEDIATE, taking the write lock at BEGIN, so writers that
    # check and then act queue one after the other; a writer waits up to SQLITE_TIMEOUT
    # seconds for the lock instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("SQLITE_TIMEOUT", "30")),
        }
    )
    # Tests use a file, not memory: an in-memory database shared between threads answers
    # "table is locked" at once instead of waiting, and concurrency tests need real waits.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend with a health check that looks at the socket before it sends SELECT 1:
    # a kept connection used a moment ago, on which nothing has arrived since, is used as it
    # is (radhus.core.postgresql.base says what that misses; CONN_HEALTH_CHECKS still applies).
    DATABASES["default"]["ENGINE"] = "radhus.core.postgresql"
if DATABASES["default"]["ENGINE"] == "radhus.core.postgresql" and _env_bool("RADHUS_PG_PREPARED", True):
    # Parameters bound on the server, and a statement prepared on its second use on a kept
    # connection, so that PostgreSQL plans each of a page's statements once per connection
    # rather than on every request: planning was most of what a page made afresh cost more
    # than on SQLite (issue 7; the unit page's neighbourhood query planned in 1.2 ms and ran in
    # 0.4). Django leaves both off because a pooler in transaction mode (PgBouncer) cannot keep
    # prepared statements: behind one, set RADHUS_PG_PREPARED=false.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 2}
    )

if DATABASES["default"]["ENGINE"] == "radhus.core.postgresql" and not _env_bool("RADHUS_PG_JIT", False):
    # PostgreSQL compiles a statement it estimates as costly to machine code (JIT) before it
    # runs it, which pays only for long analytic queries: counting the 20,000-unit
    # municipality's people who hold a post on a date spent 114 ms of 190 compiling (issue 7).
    # RADHUS_PG_JIT=on leaves the server's setting alone (needed behind a pooler that refuses
    # the "options" startup parameter).
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rendered trees and charts are cached per organisation, date and language (radhus.core.cache)
# and made stale by any change. The cache must be shared by every worker process: the default,
# a directory under RADHUS_VAR_DIR, is, with no extra service; "redis://host:6379/0" uses Redis
# (needs the redis package); "locmem" is per process (one worker only); "none" turns it off.
_cache = os.environ.get("RADHUS_CACHE", "file").strip()
_cache_timeout = _env_int("RADHUS_CACHE_SECONDS", 3600)
if _cache.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache,
            "TIMEOUT": _cache_timeout,
        }
    }
elif _cache == "locmem":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "TIMEOUT": _cache_timeout,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
elif _cache == "none":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "radhus.core.cache_backends.FileCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "TIMEOUT": _cache_timeout,
            "OPTIONS": {"MAX_ENTRIES": 5000, "CULL_EVERY": 64},
        }
    }

# Deferred work (e-mails, notices, reminders) goes through Django's tasks framework (the
# django-tasks backport): stored in the database and run by `radhus worker`, which `make run`
# starts beside the web server. RADHUS_TASKS=immediate runs each task inside the request
# instead (no worker needed; a slow mail server then slows the page).
if os.environ.get("RADHUS_TASKS", "database").strip() == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# E-mail (notices, minute extracts), sent by the worker through Django's mail backends. With
# EMAIL_HOST set, by SMTP (EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS or
# EMAIL_USE_SSL, EMAIL_TIMEOUT); without it, each message is written to the worker's output
# (the console backend), so that nothing is sent from a development machine. EMAIL_BACKEND
# names another backend outright. The sender is DEFAULT_FROM_EMAIL.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "").strip()
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "").strip() or (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = _env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = _env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = _env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "radhus@localhost")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The site's address as the public reaches it, for the links in e-mails (sent by the worker,
# outside any request).
RADHUS_SITE_URL = os.environ.get("RADHUS_SITE_URL", "http://127.0.0.1:8000")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Failed logins are counted per user name and address (django-axes): the login page and
# /admin/ refuse that pair for a while after too many failures. The first backend only
# counts and refuses; the second checks the password.
AUTHENTICATION_BACKENDS = [
    "radhus.core.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = _env_int("RADHUS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=_env_int("RADHUS_LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "radhus.core.auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "radhus.core.auth.client_address"
AXES_VERBOSE = False
# How many reverse proxies in front add themselves to X-Forwarded-For; 0 trusts none of it.
RADHUS_PROXY_COUNT = _env_int("RADHUS_PROXY_COUNT", 0)

# Staff sessions end after a working day, and when the browser closes.
SESSION_COOKIE_AGE = _env_int("RADHUS_SESSION_HOURS", 8) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = _env_bool("RADHUS_SESSION_AT_BROWSER_CLOSE", True)

# API keys stop working after this many days (a new one is made with `radhus create-token`).
RADHUS_API_KEY_DAYS = _env_int("RADHUS_API_KEY_DAYS", 90)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Uploaded files (the case register's records). They are never served from MEDIA_URL: every
# file goes through a view that checks secrecy. See the README for an S3-compatible store.
MEDIA_ROOT = Path(os.environ.get("RADHUS_MEDIA_ROOT", VAR_DIR / "media"))
if os.environ.get("RADHUS_S3_BUCKET"):
    # An S3-compatible object store through django-storages (`pip install 'radhus[s3]'`); the
    # keys come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY as boto3 reads them.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["RADHUS_S3_BUCKET"],
            "endpoint_url": os.environ.get("RADHUS_S3_ENDPOINT") or None,
            "region_name": os.environ.get("RADHUS_S3_REGION") or None,
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
WHITENOISE_USE_FINDERS = True

# HTTPS. Behind a reverse proxy that ends TLS, RADHUS_PROXY_SSL_HEADER trusts its
# X-Forwarded-Proto header (the proxy must set it on every request).
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = _env_bool("RADHUS_SECURE_COOKIES")
SECURE_SSL_REDIRECT = _env_bool("RADHUS_SSL_REDIRECT")
SECURE_HSTS_SECONDS = _env_int("RADHUS_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("RADHUS_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = _env_bool("RADHUS_HSTS_PRELOAD")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if _env_bool("RADHUS_PROXY_SSL_HEADER") else None
)

# Content-Security-Policy (django-csp). Scripts only from our own static files, or inline with
# the request's nonce ({{ CSP_NONCE }}); never inline handlers or eval. Inline styles are
# allowed: the templates' style blocks and attributes, htmx's indicator style and Swagger UI
# use them, and styles cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Everything is logged to stderr, where gunicorn, systemd and containers collect it; with
# debug off, Django's request errors (500s) are logged there with their traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "plain"}
    },
    "root": {"handlers": ["stderr"], "level": os.environ.get("RADHUS_LOG_LEVEL", "INFO").upper()},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "propagate": True},
        # Lockouts are warnings; every counted login would otherwise be an info line.
        "axes": {"handlers": [], "level": "WARNING", "propagate": True},
        # WeasyPrint tells each step of every PDF it lays out at INFO; only its problems matter.
        "weasyprint": {"handlers": [], "level": "WARNING", "propagate": True},
        "fontTools": {"handlers": [], "level": "WARNING", "propagate": True},
    },
}

# Where the public reports accessibility problems (tillgänglighetsredogörelse).
RADHUS_ACCESSIBILITY_CONTACT = os.environ.get("RADHUS_ACCESSIBILITY_CONTACT", "tillganglighet@example.se")
