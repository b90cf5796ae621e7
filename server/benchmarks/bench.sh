#!/usr/bin/env bash
# make bench: the API benchmark on PostgreSQL with 1,000,000 tickets.
#   BENCH_DATABASE_URL  database to use (created if missing; default desk_bench on localhost)
#   BENCH_TICKETS       tickets to benchmark with (default 1000000; seeded up to this many)
#   BENCH_ITERATIONS    timed requests per case (default 50)
# Results: stdout and bench-results/api.md.  See README.md here and docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

url="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/desk_bench}"
tickets="${BENCH_TICKETS:-1000000}"
iterations="${BENCH_ITERATIONS:-50}"
db="${url##*/}"
db="${db%%\?*}"
admin_url="${url%/*}/postgres"

if [[ "$(psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]]; then
  psql "$admin_url" -qc "CREATE DATABASE \"$db\""
fi

# Production-like settings: DEBUG off (no query log), a throwaway key for this process only.
export DATABASE_URL="$url" DEBUG=0 SECRET_KEY="bench-only-$RANDOM$RANDOM" ALLOWED_HOSTS=localhost
manage=(.venv/bin/python server/manage.py)
"${manage[@]}" migrate --noinput

have="$(psql "$url" -tAc "SELECT count(*) FROM tickets_ticket")"
if ((have < tickets)); then
  echo "== seeding $((tickets - have)) tickets (have $have)"
  started=$(date +%s%N)
  "${manage[@]}" seed_demo --count "$((tickets - have))" --seed 1
  ms=$((($(date +%s%N) - started) / 1000000))
  seeding="Seeding: $((tickets - have)) tickets in $((ms / 1000)).$((ms % 1000 / 100)) s \
(wall clock of \`seed_demo\`, including Django start-up)."
else
  seeding="Database already had $have tickets; nothing seeded."
fi
echo "$seeding"

# What autovacuum would do soon after a bulk load anyway; done up front so it cannot run in
# the middle of the measurements (and index-only scans can use the visibility map).
echo "== VACUUM ANALYZE"
psql "$url" -qc "VACUUM ANALYZE tickets_ticket"

echo "== benchmark ($iterations requests per case)"
PYTHONPATH=server .venv/bin/python -m benchmarks.api --iterations "$iterations" \
  --output bench-results/api.md --note "$seeding"
