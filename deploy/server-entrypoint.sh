#!/bin/sh
# The server image's entrypoint (and `make stack`'s, outside Docker).
#   desk-server migrate   wait for the database, check the settings, apply migrations
#   desk-server serve     wait for the database, check the settings, serve with Daphne
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
    exec $MANAGE migrate --noinput
    ;;
  serve)
    wait_for_database
    check_settings
    if [ "${MIGRATE_ON_START:-0}" = "1" ]; then $MANAGE migrate --noinput; fi
    cd server
    # Daphne stops accepting on SIGTERM and closes open websockets (docs/deployment.md);
    # the desk.request JSON lines replace its plain-text access log.
    exec daphne --bind "${BIND:-0.0.0.0}" --port "${PORT:-8000}" \
      --websocket-max-message-size "${GRAPHQL_WS_MAX_MESSAGE_BYTES:-65536}" \
      --application-close-timeout 10 --access-log /dev/null \
      config.asgi:application
    ;;
  *)
    exec "$@"
    ;;
esac
