"""The database: DATABASE_URL, else an SQLite file in DESK_DATA_DIR; PostgreSQL pools."""

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_int, env_str
from config.settings.base import DATA_DIR


def _database_from_env() -> dict:
    url = env_str("DATABASE_URL", "").strip()
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'desk.sqlite3'}"
    try:
        # 0 by default: under ASGI a request may run on any thread of a pool, and kept
        # connections would pile up per thread (75 per process under load, measured in
        # docs/deployment.md).  PostgreSQL uses a connection pool instead (below).
        config = dj_database_url.parse(
            url, conn_max_age=env_int("DB_CONN_MAX_AGE", 0, minimum=0), conn_health_checks=True
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
    elif config["ENGINE"] == "django.db.backends.postgresql" and (
        pool_size := env_int("DB_POOL_SIZE", 8, minimum=0)
    ):
        # A pool shared by the process's threads: requests reuse connections (opening one
        # costs more than a typical request) and the count stays bounded whatever thread
        # pool the ASGI server runs.  Pooling and DB_CONN_MAX_AGE exclude each other.
        config["CONN_MAX_AGE"] = 0
        config.setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": pool_size,
            # A request waits this long for a free connection, then gets a 503 with
            # Retry-After (api/outages.py): an overloaded desk sheds load early.
            "timeout": env_int("DB_POOL_TIMEOUT", 2, minimum=0),
        }
    if config["ENGINE"] == "django.db.backends.postgresql":
        # A database host that does not answer is an error after this long, not a hang.
        config.setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    return config


DATABASES = {"default": _database_from_env()}
