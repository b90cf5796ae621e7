#!/bin/sh
# The server image's entrypoint (and `make stack`'s, outside Docker).
#   desk-server migrate   wait for the database, check the settings, apply migrations
#   desk-server serve     wait for the database, check the settings, serve with Uvicorn
#   desk-server <cmd...>  anything else, e.g. `desk-server python server/manage.py shell`
# Run from the repository root (/app in the image).
#
# migrate and serve are one Python process each (server/config/serve.py): Django starts
# once, waits for the database (WAIT_FOR_DB_SECONDS), runs `check --deploy --fail-level
# ERROR` (DEBUG off, SECRET_KEY, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS set) and then either
# runs `migrate --noinput` (and bootstrap_admin) or serves with Uvicorn in-process (BIND,
# PORT, WEB_CONCURRENCY, GRACEFUL_TIMEOUT; no proxy headers, no access log;
# MIGRATE_ON_START=1 migrates first).  One start instead of three: docs/deployment.md.
set -eu

command="${1:-serve}"
case "$command" in
  migrate|serve)
    cd server
    exec python -m config.serve "$command"
    ;;
  *)
    exec "$@"
    ;;
esac
