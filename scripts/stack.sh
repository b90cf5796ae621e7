#!/usr/bin/env bash
# `make stack`: compose.yaml's topology without Docker.  PostgreSQL and Redis (started if
# they are not running), migrations once, two server processes (the image's entrypoint,
# DEBUG off, JSON logs, Uvicorn) on STACK_PORTS, and in front of them on PORT Debian's nginx
# running the web image's deploy/nginx.conf (scripts/stack_nginx.sh; its files in
# STACK_NGINX_DIR), which also serves the built client (web/dist).
# Ctrl-C (or SIGTERM) stops everything it started: the servers first (they finish requests
# and close websockets with 1012), then nginx.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
read -r -a ports <<< "${STACK_PORTS:-8001 8002}"
DB_NAME="${STACK_DB:-desk_stack}"
NGINX_DIR="${STACK_NGINX_DIR:-data/stack-nginx}"
scripts/stack_nginx.sh --check
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/$DB_NAME}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
export PATH="$PWD/.venv/bin:$PATH"

if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  echo "stack: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
  for _ in $(seq 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
if ! redis-cli -u "$REDIS_URL" ping >/dev/null 2>&1; then
  echo "stack: starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
  for _ in $(seq 30); do redis-cli -u "$REDIS_URL" ping >/dev/null 2>&1 && break; sleep 1; done
fi
if [ -z "${STACK_DB_EXISTS:-}" ] && [[ "$DATABASE_URL" == */"$DB_NAME" ]]; then
  psql "${DATABASE_URL%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname='$DB_NAME'" \
    | grep -q 1 || psql "${DATABASE_URL%/*}/postgres" -q -c "CREATE DATABASE $DB_NAME"
fi

# Production settings, as in the image; a secret kept in the git-ignored data/ folder.
mkdir -p data
[ -s data/stack-secret-key ] || python -c "import secrets; print(secrets.token_urlsafe(50))" > data/stack-secret-key
export DEBUG=0 SECRET_KEY="$(cat data/stack-secret-key)"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-localhost,127.0.0.1}"
export CSRF_TRUSTED_ORIGINS="${CSRF_TRUSTED_ORIGINS:-http://localhost:$PORT,http://127.0.0.1:$PORT}"
export SECURE_COOKIES="${SECURE_COOKIES:-0}" SECURE_HSTS_SECONDS="${SECURE_HSTS_SECONDS:-0}"
export STATIC_ROOT="$PWD/data/stack-static" LOG_FORMAT="${LOG_FORMAT:-json}"
export CHANNEL_LAYER_PREFIX="${CHANNEL_LAYER_PREFIX:-desk-stack}"
export DB_CONN_MAX_AGE="${DB_CONN_MAX_AGE:-0}"  # as compose.yaml (docs/deployment.md)
# X-Forwarded-For is believed from nginx only, as in compose.yaml: here it is 127.0.0.1.
export TRUSTED_PROXIES="${TRUSTED_PROXIES:-127.0.0.1/32}"

STATIC_MANIFEST=1 python server/manage.py collectstatic --noinput -v0
deploy/server-entrypoint.sh migrate

servers=()
nginx_pid=""
stop() {
  trap - INT TERM EXIT
  echo "stack: stopping"
  for pid in "${servers[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${servers[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ -z "$nginx_pid" ] || kill -QUIT "$nginx_pid" 2>/dev/null || true
  wait || true
}
trap stop INT TERM EXIT

for port in "${ports[@]}"; do
  BIND=127.0.0.1 PORT="$port" deploy/server-entrypoint.sh serve &
  servers+=($!)
done
for port in "${ports[@]}"; do
  for _ in $(seq 60); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.5
  done
done
backends=()
for port in "${ports[@]}"; do backends+=("127.0.0.1:$port"); done
# nginx opens /dev/stdout for its access log itself: through a pipe its lines stay whole
# when the output is redirected to a file that the other processes write at their offset.
scripts/stack_nginx.sh "$NGINX_DIR" "127.0.0.1:$PORT" "$PWD/web/dist" "${backends[@]}" > >(cat) &
nginx_pid=$!
for _ in $(seq 60); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$nginx_pid" 2>/dev/null || break
  sleep 0.5
done
kill -0 "$nginx_pid" 2>/dev/null || { echo "stack: nginx did not start" >&2; exit 1; }
echo "stack: the desk on http://localhost:$PORT/ (nginx; server processes on ${ports[*]})"
wait -n "${servers[@]}" "$nginx_pid"
