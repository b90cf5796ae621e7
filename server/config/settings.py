"""Settings for the support desk, read from the environment.

Zero setup: with nothing set, the desk runs on an SQLite file in the git-ignored ``data/``
folder, in DEBUG, with a development-only secret key.  Production sets DATABASE_URL,
SECRET_KEY, ALLOWED_HOSTS and DEBUG=0.
"""

import os
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list

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
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "channels",
    "strawberry_django",
    "tickets",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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
        config = dj_database_url.parse(url, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))
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
STATIC_ROOT = DATA_DIR / "static"

# GraphQL safety limits: see docs/api.md.
GRAPHQL_MAX_DEPTH = env_int("GRAPHQL_MAX_DEPTH", 10)
GRAPHQL_MAX_ALIASES = env_int("GRAPHQL_MAX_ALIASES", 30)
GRAPHQL_MAX_TOKENS = env_int("GRAPHQL_MAX_TOKENS", 2000)
GRAPHIQL = env_bool("GRAPHIQL", DEBUG)
# Request bodies over this size are refused before GraphQL parses them.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024

# Live updates (docs/live-updates.md).  One process: in memory; several: Redis.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 reads with a 5 s socket timeout by default, which cuts the
                # layer's 5 s blocking pop (channels_redis#422); keep a margin over it.
                "hosts": [
                    {"address": REDIS_URL, "socket_timeout": 15, "socket_connect_timeout": 2}
                ],
                # Desks (or test runs) sharing one Redis keep apart by prefix.
                "prefix": os.environ.get("CHANNEL_LAYER_PREFIX", "desk"),
                "capacity": 1000,
                "expiry": 30,
            },
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels.layers.InMemoryChannelLayer", "CONFIG": {"capacity": 1000}}
    }
LIVE_STATS_INTERVAL = env_int("LIVE_STATS_INTERVAL_MS", 250) / 1000
LIVE_EVENT_QUEUE_SIZE = env_int("LIVE_EVENT_QUEUE_SIZE", 200)
LIVE_CONNECT_TIMEOUT = 5.0
GRAPHQL_WS_MAX_SUBSCRIPTIONS = env_int("GRAPHQL_WS_MAX_SUBSCRIPTIONS", 20)
GRAPHQL_WS_MAX_MESSAGE_BYTES = env_int("GRAPHQL_WS_MAX_MESSAGE_BYTES", 64 * 1024)
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

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "classifier": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "classifier",
        "OPTIONS": {"MAX_ENTRIES": env_int("CLASSIFIER_CACHE_SIZE", 5000)},
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
