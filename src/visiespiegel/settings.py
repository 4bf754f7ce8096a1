"""Settings, read from the environment with safe defaults (see README, "Configuration")."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from visiespiegel.env import (
    data_dir,
    env_bool,
    env_int,
    env_list,
    env_optional_secret,
    env_secret,
    env_str,
    private_file,
)

PACKAGE_DIR = Path(__file__).resolve().parent
# Where the SQLite database, the generated key and static files live: the same place whatever
# the working directory (`make run` sets ./data; otherwise the user's data folder).
DATA_DIR = data_dir()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_secret("SECRET_KEY", fallback_file=DATA_DIR / "secret_key")
# Round archives are sealed with this key (Fernet: 32 random bytes, URL-safe base64), kept
# beside the secret key: only an installation that has it can read or restore them. Copy it
# along when moving to another machine. After a new key, ARCHIVE_OLD_KEYS (comma-separated)
# still open archives made with the old ones.
ARCHIVE_KEY = env_secret(
    "ARCHIVE_KEY",
    fallback_file=DATA_DIR / "archive_key",
    generate=lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
)
ARCHIVE_OLD_KEYS = env_list("ARCHIVE_OLD_KEYS", [])
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
HOST = env_str("HOST", "127.0.0.1")
PORT = env_int("PORT", 8000)
WEB_WORKERS = env_int("WEB_CONCURRENCY", min(4, os.cpu_count() or 1))

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "django_tasks",
    "django_tasks_db",  # background jobs in the database: `visiespiegel worker`, no broker
    "ninja",  # serves the API docs page from its bundled static files, not a CDN
    "visiespiegel",
    "visiespiegel.pages",
    "visiespiegel.frameworks",
    "visiespiegel.organisations",
    "visiespiegel.rounds",
    "visiespiegel.insights",
    "visiespiegel.dialogue",
    "visiespiegel.federation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files, precompressed
    # Pages compressed on the way out (BREACH: Django masks the CSRF token per response).
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "visiespiegel.middleware.LanguageMiddleware",
    "visiespiegel.middleware.ApiBodyMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "visiespiegel.middleware.PrivateResponsesMiddleware",  # results never in a cache
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "visiespiegel.federation.middleware.ProviderFormsMiddleware",  # form-action to the provider
    "visiespiegel.middleware.TooManyTriesMiddleware",  # 429 for networks guessing codes
]

ROOT_URLCONF = "visiespiegel.urls"
ASGI_APPLICATION = "visiespiegel.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "visiespiegel.context.interface",
            ],
            "builtins": ["visiespiegel.frameworks.templatetags.framework_text"],
        },
    },
]

# Database: SQLite in DATA_DIR unless DATABASE_URL says otherwise (postgres://... uses psycopg 3).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'visiespiegel.sqlite3'}")
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A pool per worker process (psycopg_pool): connections are reused without
    # CONN_MAX_AGE, which under ASGI would keep one open per request thread and run out.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DATABASE_POOL_MIN", 2),
        "max_size": env_int("DATABASE_POOL_MAX", 20),
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
    }
    # Behind pgbouncer in transaction mode a cursor cannot outlive its transaction.
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("DATABASE_PGBOUNCER", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] != ":memory:":
        # Readable by this user only; SQLite gives its -wal and -shm files the same mode.
        private_file(Path(DATABASES["default"]["NAME"]))
    # WAL lets readers and one writer work at once; IMMEDIATE transactions take the write lock
    # up front, so concurrent writers wait (up to `timeout` seconds) instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_TIMEOUT", 20),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The caches are shared by every worker process and server: in the database, or in Redis when
# REDIS_URL is set. "counters" holds the counters (failed join codes, log-in pauses, vote
# cookies and phones of live sessions) apart, so nothing else crowds them out: its table is
# culled only beyond 100,000 live entries (expired ones go first), about 1,400 distinct failed
# codes a second; a larger table would make the count Django's database cache runs on every
# write slow. Redis must not evict them (maxmemory-policy noeviction, its default).
if REDIS_URL := env_str("REDIS_URL", ""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },
        "counters": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "counters",
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "visiespiegel_cache",
        },
        "counters": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "visiespiegel_counters",
            "OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 10},
        },
    }

# How long a closed round's raw answers are kept before a manager may delete them (its
# published results stay).
ANSWER_RETENTION_DAYS = env_int("ANSWER_RETENTION_DAYS", 30)

# Background jobs (all reports of a round as one ZIP) wait in the database for
# `visiespiegel worker`; their files stay REPORT_FILES_DAYS days in REPORTS_DIR, which every
# web server and worker must share.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
REPORTS_DIR = Path(env_str("REPORTS_DIR", str(DATA_DIR / "reports")))
REPORT_FILES_DAYS = env_int("REPORT_FILES_DAYS", 7)

# Mail (password reset, invitations): printed to the console unless an SMTP host is set.
EMAIL_HOST = env_str("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Visiespiegel <noreply@localhost>")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "visiespiegel.organisations.auth.EmailOrUsernameBackend",
    "visiespiegel.federation.auth.SchoolAccountBackend",  # only with OIDC_* configured
]
# Failed log-ins per account name before a pause (counted in the cache, never per address).
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW = env_int("LOGIN_FAILURE_WINDOW", 15 * 60)
RESET_MAILS_PER_HOUR = env_int("RESET_MAILS_PER_HOUR", 3)  # password reset mails per account
# How long an invitation to join an organisation stays valid.
MEMBER_INVITATION_DAYS = env_int("MEMBER_INVITATION_DAYS", 14)
# Distinct failed look-ups of codes, personal codes and private links (rounds/entry.py): per
# client network in the last minute, the lower budget once all networks together pass the
# ceiling.
JOIN_FAILURES_PER_NETWORK = env_int("JOIN_FAILURES_PER_NETWORK", 30)
JOIN_FAILURES_UNDER_ATTACK = env_int("JOIN_FAILURES_UNDER_ATTACK", 3)
JOIN_GLOBAL_FAILURE_CEILING = env_int("JOIN_GLOBAL_FAILURE_CEILING", 1000)
# Vote cookies a client network gets per live session (dialogue/live.py): enough for a full
# hall behind one school address; it bounds the votes one client can make up.
VOTE_COOKIES_PER_NETWORK = env_int("VOTE_COOKIES_PER_NETWORK", 300)
# Trusted reverse proxies in front of the app: the client address is then the one they add
# to X-Forwarded-For (counted from the right). 0: use the connection's address.
PROXY_HOPS = env_int("PROXY_HOPS", 0)
LOGIN_URL = "login"

# Log in with the school account (federation app; README, docs/deploy.md): OpenID Connect
# through mozilla-django-oidc, off unless OIDC_ISSUER and OIDC_CLIENT_ID are set. Endpoints
# come from the issuer's discovery document unless set one by one. Only someone invited links
# an identity (issuer + the subject claim, hashed); an identity alone never makes an account.
OIDC_ISSUER = env_str("OIDC_ISSUER", "")
OIDC_DISCOVERY_URL = env_str("OIDC_DISCOVERY_URL", "")  # default: ISSUER/.well-known/...
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_JWKS_URI", "")
OIDC_RP_CLIENT_ID = env_str("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_optional_secret("OIDC_CLIENT_SECRET")
OIDC_RP_SCOPES = env_str("OIDC_SCOPES", "openid")
OIDC_RP_SIGN_ALGO = env_str("OIDC_SIGN_ALGO", "RS256")
OIDC_SUBJECT_CLAIM = env_str("OIDC_SUBJECT_CLAIM", "sub")  # Entree Federatie: "uid"
OIDC_HOME_ORGANISATIONS = env_list("OIDC_HOME_ORGANISATIONS", [])  # empty: any school
OIDC_HOME_ORGANISATION_CLAIM = env_str(
    "OIDC_HOME_ORGANISATION_CLAIM", "nlEduPersonHomeOrganizationId"
)
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10)  # seconds per request to the provider
OIDC_USE_PKCE = True
OIDC_AUTHENTICATION_CALLBACK_URL = "federation:callback"
LOGIN_REDIRECT_URL = "organisations:overview"
LOGOUT_REDIRECT_URL = "pages:home"

# Language: Dutch first, English complete. Source strings are Dutch (README, "Development").
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Europe/Amsterdam")
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security headers. No inline script or style anywhere, so the policy can stay this strict.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SAMESITE = "Lax"
if env_bool("BEHIND_HTTPS_PROXY", False):
    # The proxy terminates TLS and says so; it must overwrite this header from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS only (docs/deploy.md): redirect plain HTTP, and tell browsers to stay on HTTPS.
SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 0)  # 31536000 (a year) in production
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)
# Asking browsers to preload HSTS binds the whole registrable domain and all its subdomains:
# a decision for whoever owns that domain (set HSTS_PRELOAD=1 then), not a defect of this app.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# Logs go to stderr, and never carry a participant's address: uvicorn's access log is off
# (see `visiespiegel serve`), and Django logs no client addresses by default.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every layout step of a PDF report, and every rule of the site's
    # stylesheet that it does not know (screen-only rules), below ERROR.
    "loggers": {
        "weasyprint": {"level": "ERROR"},
        "weasyprint.progress": {"level": "ERROR"},
    },
}

# The framework file(s) shipped with the package, imported by `visiespiegel setup`, and the
# key of the framework that pages show by default.
SHIPPED_FRAMEWORKS = [PACKAGE_DIR / "frameworks" / "data" / "visie-passend-onderwijs.yaml"]
DEFAULT_FRAMEWORK = "visie-passend-onderwijs"

# How long a process keeps what it read: a round by its code (its open or closed state is
# checked again by the database on every answer), and a framework's texts (ids forever).
ROUND_CACHE_SECONDS = env_int("ROUND_CACHE_SECONDS", 5)
FRAMEWORK_CACHE_SECONDS = env_int("FRAMEWORK_CACHE_SECONDS", 60)

# Every published count carries cell-key noise of at most 2 (insights/noise.py, docs/results.md).
# Not read from the environment: an installation cannot switch it off; the test settings do,
# to check the arithmetic against exact expected values (tests/insights/test_noise.py and the
# attack tests switch it back on).
CELL_KEY_NOISE = True

# How often live parts of pages (participation counts) ask for news, in seconds.
POLL_SECONDS = env_int("POLL_SECONDS", 10)

# Who runs this installation: shown on the privacy and accessibility pages when set.
CONTACT_EMAIL = env_str("CONTACT_EMAIL", "")

# Signals in the results (docs/results.md says what each means).
SIGNAL_RISK_SHARE = float(env_str("SIGNAL_RISK_SHARE", "0.25"))  # share of "now" answers
SIGNAL_LOW_CONSENSUS = float(env_str("SIGNAL_LOW_CONSENSUS", "0.5"))
SIGNAL_LARGE_SHIFT = float(env_str("SIGNAL_LARGE_SHIFT", "1.0"))  # steps along the continuum
SIGNAL_ROLE_DIFFERENCE = float(env_str("SIGNAL_ROLE_DIFFERENCE", "1.0"))
SIGNAL_INCOHERENT_RANGE = float(env_str("SIGNAL_INCOHERENT_RANGE", "1.5"))
