"""/readyz's database check, answered within a deadline whatever the database does.

The check runs on a worker thread and /readyz waits at most ``timeout`` for it: a
database that accepts connections but never answers (stopped, partitioned) makes the
probe say "timeout", not hang.  PostgreSQL is checked on a fresh connection of its own,
not one from the request pool: the probe asks whether the database answers, and an
exhausted pool (requests already get 503s) must not make a whole process look dead.
The worker ends by itself after libpq's connect timeout (its minimum, 2 s) or the
statement timeout, so probes never pile up threads.
"""

from __future__ import annotations

import threading

from django.db import connections

READY_TIMEOUT = 0.7


def _check(result: dict[str, str]) -> None:
    connection = connections["default"]
    try:
        if connection.vendor == "postgresql":
            import psycopg

            params = connection.get_connection_params()
            params["connect_timeout"] = 2
            params["options"] = f"{params.get('options', '')} -c statement_timeout=1000".strip()
            with psycopg.connect(**params) as raw:
                raw.execute("SELECT 1").fetchone()
        else:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        result["status"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means not ready
        result["status"] = f"{type(exc).__name__}: {exc}"[:200]
    finally:
        connection.close()


def database_status(timeout: float = READY_TIMEOUT) -> str:
    """ "ok", the error, or a timeout, within ``timeout`` seconds."""
    result: dict[str, str] = {}
    worker = threading.Thread(target=_check, args=(result,), name="readyz-database", daemon=True)
    worker.start()
    worker.join(timeout)
    return result.get("status", f"timeout: no answer within {timeout:g} s")
