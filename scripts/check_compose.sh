#!/usr/bin/env bash
# compose.yaml parsed and interpolated by a compose implementation (no engine needed):
# Debian's docker-compose (or podman-compose).  It must validate with the secrets set, and
# refuse to when .env.example's required secrets are left empty.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v docker-compose >/dev/null; then
  compose=(docker-compose)
elif command -v podman-compose >/dev/null; then
  compose=(podman-compose)
else
  echo "check_compose: needs docker-compose or podman-compose (apt-get install docker-compose)" >&2
  exit 1
fi
env_file="$(mktemp)"
trap 'rm -f "$env_file"' EXIT
sed -e 's/^POSTGRES_PASSWORD=$/POSTGRES_PASSWORD=check-only/' \
    -e 's/^SECRET_KEY=$/SECRET_KEY=check-only/' .env.example > "$env_file"
"${compose[@]}" --env-file "$env_file" -f compose.yaml config -q
services="$("${compose[@]}" --env-file "$env_file" -f compose.yaml config --services | sort | tr '\n' ' ')"
[ "$services" = "migrate postgres redis server web " ] || { echo "check_compose: services are: $services" >&2; exit 1; }
if "${compose[@]}" --env-file .env.example -f compose.yaml config -q 2>/dev/null; then
  echo "check_compose: compose.yaml validates without POSTGRES_PASSWORD/SECRET_KEY" >&2
  exit 1
fi
if grep -nE '^\s*(SECRET_KEY|POSTGRES_PASSWORD|OPENAI_API_KEY):\s*[^$ ]' compose.yaml; then
  echo "check_compose: a secret is written in compose.yaml" >&2
  exit 1
fi
echo "check_compose: compose.yaml is valid ($services)"
