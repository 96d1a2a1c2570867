"""One settings module for every environment, driven by environment variables.

DJANGO_DEBUG, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL and REDIS_URL are read here;
nothing else differs between a laptop, CI and production.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from quizapp.postgres_pool import check_idle_connection

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, *, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def database_config(url: str | None) -> dict[str, Any]:
    """SQLite by default; PostgreSQL (or another server) when DATABASE_URL names one."""
    if not url:
        url = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    config: dict[str, Any] = {**dj_database_url.parse(url)}
    options = config.setdefault("OPTIONS", {})
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE takes the write lock when a transaction starts, so two writers queue
        # on busy_timeout instead of one failing with "database is locked" mid-way.
        # WAL lets readers go on while a write is under way.
        options["transaction_mode"] = "IMMEDIATE"
        options["init_command"] = (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        )
        config["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
        # Opening SQLite and running the PRAGMAs costs more than a whole answer's
        # queries: keep each worker's connection open between requests.
        config["CONN_MAX_AGE"] = 600
        config["CONN_HEALTH_CHECKS"] = True
        # Writers take turns on a file lock before SQLite's own, which puts a waiting
        # writer to sleep for milliseconds at a time (quizapp/sqlite_writers).
        config["ENGINE"] = "quizapp.sqlite_writers"
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # Django's pool (psycopg 3) keeps connections open between requests;
        # it requires CONN_MAX_AGE = 0.
        # Sync gunicorn workers serve one request at a time: a few connections each, so
        # workers × max_size stays well under PostgreSQL's max_connections (100). Each
        # connection is checked as it leaves the pool (quizapp/postgres_pool.py; a
        # round trip only for one unused for a while or whose socket has something to
        # say): after a database restart, a broken one is replaced instead of failing a
        # request.
        # TCP keep-alives: an idle pooled connection whose server went away without a
        # word (a host gone, a firewall's idle timeout) is found out within about a
        # minute, and its socket then tells the pool's check so.
        options.setdefault("keepalives", 1)
        options.setdefault("keepalives_idle", 30)
        options.setdefault("keepalives_interval", 10)
        options.setdefault("keepalives_count", 3)
        options["pool"] = {
            "min_size": 1,
            "max_size": 4,
            "timeout": 10,
            "check": check_idle_connection,
        }
        config["CONN_MAX_AGE"] = 0
    return config


def cache_config(url: str | None) -> dict[str, Any]:
    """Redis when REDIS_URL names one, shared by every process and host; else each
    process's own memory. Either way the cache only saves work, and a write shows at
    once in every process: the versions pages are kept under are in the database
    (quizapp/versions)."""
    if url:
        return {
            # Django's Redis backend, made to serve without the cache while Redis is away.
            "BACKEND": "quizapp.redis_cache.ResilientRedisCache",
            "LOCATION": url,
            # Pages under old versions are never read again: an hour lets them go.
            "TIMEOUT": 3600,
            "KEY_PREFIX": "quizapp",
            "OPTIONS": {
                # An unreachable Redis must cost a request little: fail fast, build the
                # page without the cache.
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
            },
        }
    return {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "quizapp",
        # Pages under old versions are never read again: an hour lets them go, and
        # MAX_ENTRIES bounds the memory before that.
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }


DEBUG = env_flag("DJANGO_DEBUG", default=True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
# Signed guest cookies and sessions rest on it: production refuses a guessable one.
MIN_SECRET_KEY_LENGTH = 50
if not DEBUG and len(SECRET_KEY) < MIN_SECRET_KEY_LENGTH:
    raise RuntimeError(
        f"DJANGO_SECRET_KEY must be set, at least {MIN_SECRET_KEY_LENGTH} characters, "
        "when DJANGO_DEBUG is off."
    )
if not SECRET_KEY:
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "quizapp.versions",
    "quizapp.facts",
    "quizapp.accounts",
    "quizapp.memory",
    "quizapp.quizzes",
    "quizapp.practice",
    "quizapp.classes",
    "quizapp.limits",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "quizapp.errors.MethodNotAllowedPage",
]

ROOT_URLCONF = "quizapp.urls"
WSGI_APPLICATION = "quizapp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "quizapp.quizzes.context_processors.guest",
            ],
            # {{ code|label }}: a vocabulary code as the words a user reads.
            "builtins": ["quizapp.labels"],
        },
    },
]

DATABASES = {"default": database_config(os.environ.get("DATABASE_URL"))}
CACHES = {
    "default": cache_config(os.environ.get("REDIS_URL")),
    # What changes only with the code (the header a visitor without an account sees):
    # each process's own, so a new release never meets an old release's entries.
    "process": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "process",
        "TIMEOUT": None,
    },
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    # Login cards' first passwords only; re-hashed with the one above at first login.
    "quizapp.accounts.hashers.FirstPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The interface speaks Traditional Chinese, like the article; every string is marked
# for translation so that English and Simplified Chinese can follow. LocaleMiddleware is
# added with the first catalogue: until then a browser asking for English would get a
# page marked lang="en" with Chinese text in it.
LANGUAGE_CODE = "zh-hant"
LANGUAGES = [("zh-hant", _("繁體中文")), ("en", _("English")), ("zh-hans", _("简体中文"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Times shown to students and teachers (deadlines, attempt times): Taiwan and Hong Kong.
TIME_ZONE = "Asia/Taipei"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "quizapp.storage.StaticFilesStorage"
        )
    },
}

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
FACTS_FIXTURE = BASE_DIR / "fixtures" / "facts.yaml"

# A nonce on every script and style; no inline handlers, no eval. htmx's own indicator
# <style> is switched off in the base template so nothing needs 'unsafe-inline'.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# TLS ends at the proxy in front of the app; it tells us the original scheme. Locally
# (`make serve`, `make loadtest`) there is no TLS, so the redirect can be switched off.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", default=not DEBUG)
# How many proxies in front of the app append to X-Forwarded-For; 0 = use the socket
# address. Rate limits count per client address, so this must match the deployment.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

# Requests per key and window, counted in the database so that every app process shares
# one counter (no extra service needed; PostgreSQL or SQLite alike). What counts: join
# codes that find nothing (per address); failed logins per address and username, and more
# loosely per address, so one student's typos never lock out a class behind one school
# address; started attempts, sign-ups and password-reset mails per address.
RATE_LIMITS = {
    "join": {"requests": 30, "seconds": 60},
    "login": {"requests": 10, "seconds": 300},
    "login_address": {"requests": 60, "seconds": 300},
    "start": {"requests": 120, "seconds": 60},
    "signup": {"requests": 60, "seconds": 3600},
    "password_reset": {"requests": 10, "seconds": 3600},
}

CSRF_FAILURE_VIEW = "quizapp.errors.csrf_failure"
# Answers are tiny; a larger body is refused before Django parses it (the views check
# the length and answer 400 with a message; this cap stops anything that gets past).
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
# Password-reset mail: printed to the console in development, sent by SMTP in production.
MAILERS: dict[str, dict[str, Any]]
if DEBUG:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("DJANGO_EMAIL_PORT", "587")),
                "username": os.environ.get("DJANGO_EMAIL_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_PASSWORD", ""),
                "use_tls": env_flag("DJANGO_EMAIL_TLS", default=True),
                "timeout": 10,
            },
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "quiz@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
