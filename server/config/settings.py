"""Settings for the support desk, read from the environment.

Zero setup: with nothing set, the desk runs on an SQLite file in the git-ignored ``data/``
folder, in DEBUG, with a development-only secret key.  Production sets DATABASE_URL,
SECRET_KEY, ALLOWED_HOSTS and DEBUG=0.
"""

import os
import warnings
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_networks, env_rate
from config.redis_pools import cache_options

SERVER_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = SERVER_DIR.parent
DATA_DIR = Path(os.environ.get("DESK_DATA_DIR", REPO_DIR / "data"))

DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "dev-only-insecure-key-never-used-when-DEBUG-is-off"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = _DEV_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Browsers on these origins (e.g. the web client's dev server) may call the API; with
# credentials, so their session cookie works (they must be in CSRF_TRUSTED_ORIGINS too).
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])
CORS_ALLOW_CREDENTIALS = True
CORS_URLS_REGEX = r"^/(graphql|auth/)"

INSTALLED_APPS = [
    # Daphne's app is `manage.py runserver`'s ASGI server; the Uvicorn server process
    # (config/serve.py sets DESK_SERVER=uvicorn) does not import Twisted for it.
    *([] if os.environ.get("DESK_SERVER") == "uvicorn" else ["daphne"]),
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "corsheaders",
    "channels",
    "strawberry_django",
    "tickets",
    "accounts",
    "api",
]

MIDDLEWARE = [
    # /healthz and /readyz first: probes work with any Host header (config/observability.py).
    "config.observability.HealthMiddleware",
    "config.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Collected static files (the admin's) from STATIC_ROOT, compressed and cached.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"

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
            ],
        },
    },
]


def _database_from_env() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'desk.sqlite3'}"
    try:
        # 0 by default: under ASGI a request may run on any thread of a pool, and kept
        # connections would pile up per thread (75 per process under load, measured in
        # docs/deployment.md).  PostgreSQL uses a connection pool instead (below).
        config = dj_database_url.parse(
            url, conn_max_age=env_int("DB_CONN_MAX_AGE", 0), conn_health_checks=True
        )
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {exc}") from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers proceed while a write is in flight; a short busy timeout
        # absorbs the brief lock a concurrent write holds.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 10,
        }
    elif config["ENGINE"] == "django.db.backends.postgresql" and env_int("DB_POOL_SIZE", 8):
        # A pool shared by the process's threads: requests reuse connections (opening one
        # costs more than a typical request) and the count stays bounded whatever thread
        # pool the ASGI server runs.  Pooling and DB_CONN_MAX_AGE exclude each other.
        config["CONN_MAX_AGE"] = 0
        config.setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": env_int("DB_POOL_SIZE", 8),
            # A request waits this long for a free connection, then gets a 503 with
            # Retry-After (api/outages.py): an overloaded desk sheds load early.
            "timeout": env_int("DB_POOL_TIMEOUT", 2),
        }
    if config["ENGINE"] == "django.db.backends.postgresql":
        # A database host that does not answer is an error after this long, not a hang.
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    return config


DATABASES = {"default": _database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
try:
    ZoneInfo(TIME_ZONE)
except (ZoneInfoNotFoundError, ValueError):
    raise ImproperlyConfigured(f"TIME_ZONE {TIME_ZONE!r} is not an IANA time zone") from None
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
# Once `collectstatic` has run (the server image does it at build time), content-hashed
# names and gzip copies that WhiteNoise serves with a one-year cache; before that (development,
# tests) Django's plain storage, so nothing needs collecting.
# Nothing collected yet (development, tests) is normal: WhiteNoise need not warn about it.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool(
                "STATIC_MANIFEST", not DEBUG and (STATIC_ROOT / "staticfiles.json").exists()
            )
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# The built web client (make web-build), served at / by config.web.
WEB_DIST_DIR = Path(os.environ.get("WEB_DIST_DIR", REPO_DIR / "web" / "dist"))

# GraphQL safety limits: see docs/api.md.
GRAPHQL_MAX_DEPTH = env_int("GRAPHQL_MAX_DEPTH", 10)
GRAPHQL_MAX_ALIASES = env_int("GRAPHQL_MAX_ALIASES", 30)
GRAPHQL_MAX_TOKENS = env_int("GRAPHQL_MAX_TOKENS", 2000)
GRAPHIQL = env_bool("GRAPHIQL", DEBUG)
GRAPHQL_INTROSPECTION = env_bool("GRAPHQL_INTROSPECTION", DEBUG)
# Request bodies over this size are refused before GraphQL parses them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024

# Live updates (docs/live-updates.md): an event log in memory (one process), or a Redis
# stream shared by several processes (tickets/live/log.py).  No channel layer is used.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
# Desks (or test runs) sharing one Redis keep apart by prefix (live updates and cache).
REDIS_KEY_PREFIX = os.environ.get("CHANNEL_LAYER_PREFIX", "desk")
CHANNEL_LAYERS: dict = {}
# How far a process may fall behind the log before its subscribers are told they missed
# events (LIVE_UPDATES_INTERRUPTED).
LIVE_LOG_LENGTH = env_int("LIVE_LOG_LENGTH", 5000)
LIVE_STATS_INTERVAL = env_int("LIVE_STATS_INTERVAL_MS", 250) / 1000
LIVE_EVENT_QUEUE_SIZE = env_int("LIVE_EVENT_QUEUE_SIZE", 200)
LIVE_CONNECT_TIMEOUT = 5.0
GRAPHQL_WS_MAX_SUBSCRIPTIONS = env_int("GRAPHQL_WS_MAX_SUBSCRIPTIONS", 20)
GRAPHQL_WS_MAX_MESSAGE_BYTES = env_int("GRAPHQL_WS_MAX_MESSAGE_BYTES", 64 * 1024)
# Seconds a websocket may stay open without completing connection_init (then: 4408).
GRAPHQL_WS_INIT_TIMEOUT = env_int("GRAPHQL_WS_INIT_TIMEOUT", 10)
# runserver hands these to Daphne, which refuses bigger websocket messages itself (the
# daphne CLI takes --websocket-max-message-size instead).
DAPHNE_WEBSOCKET_MAX_MESSAGE_SIZE = GRAPHQL_WS_MAX_MESSAGE_BYTES
DAPHNE_WEBSOCKET_MAX_FRAME_SIZE = GRAPHQL_WS_MAX_MESSAGE_BYTES

# Classification (docs/classification.md).  The LLM is used only when a key is set.
OPENAI_API_KEY = os.environ.get("OPENAI_API_KEY", "")
OPENAI_BASE_URL = os.environ.get("OPENAI_BASE_URL", "") or None
OPENAI_MODEL = os.environ.get("OPENAI_MODEL", "gpt-4o-mini")
OPENAI_TIMEOUT = float(env_int("OPENAI_TIMEOUT", 8))
CLASSIFIER_CACHE_TTL = env_int("CLASSIFIER_CACHE_TTL", 3600)
CLASSIFIER_FALLBACK_CACHE_TTL = env_int("CLASSIFIER_FALLBACK_CACHE_TTL", 60)
CLASSIFIER_RELOAD_SECONDS = env_int("CLASSIFIER_RELOAD_SECONDS", 10)

# The default cache holds rate-limit counters and lockouts: in Redis when there is one,
# so every server process counts against the same numbers.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": REDIS_KEY_PREFIX,
            # One connection pool per process, not one per async context (request, socket).
            "OPTIONS": cache_options(),
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    "classifier": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "classifier",
        "OPTIONS": {"MAX_ENTRIES": env_int("CLASSIFIER_CACHE_SIZE", 5000)},
    },
}

# Accounts (docs/accounts.md) -------------------------------------------------------------
# Django's model permissions, with each user's answer cached (accounts/backends.py).
AUTHENTICATION_BACKENDS = ["accounts.backends.CachedPermissionsBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Django's default hashers (PBKDF2 first; Argon2/bcrypt when installed are not needed).
LOGIN_URL = "/admin/login/"
# Anonymous visitors may submit tickets (and ask for suggestions) only when this is on.
PUBLIC_TICKET_SUBMISSION = env_bool("PUBLIC_TICKET_SUBMISSION", False)
# "calls/seconds" per signed-in user (per client IP when anonymous); "off" disables.
RATE_LIMIT_CREATE_TICKET = env_rate("RATE_LIMIT_CREATE_TICKET", "20/60")
RATE_LIMIT_CLASSIFY = env_rate("RATE_LIMIT_CLASSIFY", "60/60")
LOGIN_MAX_FAILURES = env_int("LOGIN_MAX_FAILURES", 5)
LOGIN_MAX_FAILURES_PER_IP = env_int("LOGIN_MAX_FAILURES_PER_IP", 50)
LOGIN_FAILURE_WINDOW = env_int("LOGIN_FAILURE_WINDOW", 900)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 60)
LOGIN_LOCKOUT_MAX_SECONDS = env_int("LOGIN_LOCKOUT_MAX_SECONDS", 3600)
# createTicket's idempotency keys are remembered this long (seconds; tickets/idempotency.py).
IDEMPOTENCY_KEY_TTL = env_int("IDEMPOTENCY_KEY_TTL", 24 * 3600)
# Cache key namespace of the counters (tests give each test its own).
RATE_LIMIT_NAMESPACE = "desk-rl"
# The reverse proxies' networks (CIDR, comma-separated).  Only a request whose peer is in
# one of them has its X-Forwarded-For read: the client IP is then the rightmost address not
# in them (config/proxies.py).  Empty (default): REMOTE_ADDR, the header is not trusted.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")
if env_int("TRUSTED_PROXY_COUNT", 0) and not TRUSTED_PROXIES:
    # A hop count trusted whoever reached the process directly; refuse it rather than
    # silently rate-limit every client as the proxy's one address.
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT is replaced by TRUSTED_PROXIES: the proxies' networks, "
        "e.g. TRUSTED_PROXIES=10.0.0.5/32 (docs/deployment.md)"
    )
# On a first `make run` with no user at all, create an admin and print its password once.
BOOTSTRAP_ADMIN = env_bool("BOOTSTRAP_ADMIN", DEBUG)

# Hardening: cookies and headers for production (DEBUG off) --------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 14 * 24 * 3600)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    # Only behind a proxy that sets this header itself (and strips a client's).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs: one JSON object per line with the request id (LOG_FORMAT=json, the default when DEBUG
# is off), or plain text; see docs/deployment.md.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json").strip().lower()
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "config.observability.RequestIdFilter"},
        "no_http_access": {"()": "config.observability.SkipServerAccessLines"},
    },
    "formatters": {
        "json": {"()": "config.observability.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # One line per request comes from desk.request; Django's own would repeat 4xx/5xx.
    "loggers": {
        # Through the root handler only (Django's default adds a second console handler in
        # DEBUG) and at LOG_LEVEL.
        "django": {"handlers": [], "level": "NOTSET"},
        "django.request": {"level": "ERROR"},
        # A body over DATA_UPLOAD_MAX_MEMORY_SIZE is the client's mistake, answered 4xx and
        # logged by desk.request: no traceback.
        "django.security.RequestDataTooBig": {"level": "CRITICAL"},
        # runserver's (Daphne's) access lines repeat desk.request; its websocket lines stay.
        "django.channels.server": {"filters": ["no_http_access"]},
        # Uvicorn's own lines (start, stop, websocket open/close) in the same format: its
        # handlers are replaced by ours once Django configures logging.
        "uvicorn": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "uvicorn.error": {"handlers": [], "propagate": True},
        # Its access lines would repeat desk.request (Django configures logging after
        # Uvicorn applied --no-access-log, so it is off here).
        "uvicorn.access": {"handlers": [], "propagate": False},
    },
}

import config.checks  # noqa: E402, F401  (`check --deploy`: CSRF_TRUSTED_ORIGINS, DEBUG)
