#!/bin/sh
# The server image's entrypoint (and `make stack`'s, outside Docker).
#   desk-server migrate   wait for the database, check the settings, apply migrations
#   desk-server serve     wait for the database, check the settings, serve with Uvicorn
#   desk-server <cmd...>  anything else, e.g. `desk-server python server/manage.py shell`
# Run from the repository root (/app in the image).
set -eu
MANAGE="python server/manage.py"

wait_for_database() {
  # Up to WAIT_FOR_DB_SECONDS (60) for the database to accept a connection.
  python - <<'PY'
import os, sys, time
sys.path.insert(0, "server")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from django.db import connection
deadline = time.monotonic() + int(os.environ.get("WAIT_FOR_DB_SECONDS", "60"))
while True:
    try:
        connection.ensure_connection()
        break
    except Exception as exc:
        if time.monotonic() > deadline:
            sys.exit(f"database not reachable: {exc}")
        print(f"waiting for the database: {exc}", file=sys.stderr)
        time.sleep(1)
PY
}

check_settings() {
  # DEBUG off, SECRET_KEY, ALLOWED_HOSTS and CSRF_TRUSTED_ORIGINS set (config/checks.py).
  $MANAGE check --deploy --fail-level ERROR
}

case "${1:-serve}" in
  migrate)
    wait_for_database
    check_settings
    $MANAGE migrate --noinput
    # With BOOTSTRAP_ADMIN=1 and no user yet: an admin, its password printed once.
    exec $MANAGE bootstrap_admin
    ;;
  serve)
    wait_for_database
    check_settings
    if [ "${MIGRATE_ON_START:-0}" = "1" ]; then $MANAGE migrate --noinput; fi
    cd server
    # Uvicorn, not Daphne (docs/deployment.md has the measurement): on SIGTERM it stops
    # accepting, lets in-flight requests finish (up to GRACEFUL_TIMEOUT seconds) and closes
    # websockets with 1012 "service restart", which the web client reconnects from.  One
    # process per container (scale with replicas); WEB_CONCURRENCY > 1 forks workers.
    # Client addresses come from X-Forwarded-For per TRUSTED_PROXIES, not from uvicorn;
    # the desk.request JSON lines replace its plain-text access log.
    exec uvicorn config.asgi:application --host "${BIND:-0.0.0.0}" --port "${PORT:-8000}" \
      --workers "${WEB_CONCURRENCY:-1}" --lifespan off --no-proxy-headers --no-access-log \
      --ws websockets --ws-max-size "${GRAPHQL_WS_MAX_MESSAGE_BYTES:-65536}" \
      --timeout-graceful-shutdown "${GRACEFUL_TIMEOUT:-25}"
    ;;
  *)
    exec "$@"
    ;;
esac
