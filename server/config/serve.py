"""The server image's commands (deploy/server-entrypoint.sh), in one Python process each.

    python -m config.serve serve     wait for the database, check the settings, serve
    python -m config.serve migrate   wait for the database, check the settings, migrate

Django starts once: the deploy checks and the database wait run in the process that then
serves with Uvicorn (in-process, with the options its command line had), instead of three
interpreters each importing Django, the schema and the drivers (12–19 s to ready before,
docs/deployment.md has the figures).
"""

from __future__ import annotations

import os
import sys
import time

USAGE = "usage: python -m config.serve serve|migrate"


def _setup(command: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if command == "serve":
        os.environ["DESK_SERVER"] = "uvicorn"  # no Daphne app (settings.INSTALLED_APPS)
    import django

    django.setup()


def wait_for_database() -> None:
    """Up to WAIT_FOR_DB_SECONDS (60) for the database to accept a connection."""
    from django.db import connection

    deadline = time.monotonic() + int(os.environ.get("WAIT_FOR_DB_SECONDS", "60"))
    while True:
        try:
            connection.ensure_connection()
            return
        except Exception as exc:  # noqa: BLE001 - any failure means "not yet"
            if time.monotonic() > deadline:
                sys.exit(f"database not reachable: {exc}")
            print(f"waiting for the database: {exc}", file=sys.stderr, flush=True)
            time.sleep(1)


def check_settings() -> None:
    """`manage.py check --deploy --fail-level ERROR`: DEBUG off, SECRET_KEY, ALLOWED_HOSTS
    and CSRF_TRUSTED_ORIGINS set (config/checks.py).  Exits non-zero with the report."""
    from django.core.management import call_command
    from django.core.management.base import SystemCheckError

    try:
        call_command("check", deploy=True, fail_level="ERROR")
    except SystemCheckError as exc:
        sys.exit(str(exc))


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False)
    # With BOOTSTRAP_ADMIN=1 and no user yet: an admin, its password printed once.
    call_command("bootstrap_admin")


def serve() -> None:
    """Uvicorn, not Daphne (docs/deployment.md has the measurement): on SIGTERM it stops
    accepting, lets in-flight requests finish (up to GRACEFUL_TIMEOUT seconds) and closes
    websockets with 1012 "service restart".  One process per container (scale with
    replicas); WEB_CONCURRENCY > 1 spawns workers.  Client addresses come from
    X-Forwarded-For per TRUSTED_PROXIES, not from Uvicorn; the desk.request lines replace
    its access log; logging stays as Django configured it."""
    import uvicorn
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    if os.environ.get("MIGRATE_ON_START", "0") == "1":
        call_command("migrate", interactive=False)
    connections.close_all()
    uvicorn.run(
        "config.asgi:application",
        host=os.environ.get("BIND", "0.0.0.0"),
        port=int(os.environ.get("PORT", "8000")),
        workers=int(os.environ.get("WEB_CONCURRENCY", "1")),
        lifespan="off",
        proxy_headers=False,
        access_log=False,
        log_config=None,
        ws="websockets",
        ws_max_size=settings.GRAPHQL_WS_MAX_MESSAGE_BYTES,
        # No permessage-deflate: its zlib state cost each subscribed socket about 100 KB
        # (177 -> 77 KB) and every live update was compressed again for each socket
        # (docs/benchmarks.md, "Live subscribers under load"); the messages are small JSON.
        ws_per_message_deflate=False,
        timeout_graceful_shutdown=int(os.environ.get("GRACEFUL_TIMEOUT", "25")),
    )


def main(argv: list[str]) -> None:
    if len(argv) != 1 or argv[0] not in ("serve", "migrate"):
        sys.exit(USAGE)
    _setup(argv[0])
    wait_for_database()
    check_settings()
    if argv[0] == "migrate":
        migrate()
    else:
        serve()


if __name__ == "__main__":
    main(sys.argv[1:])
