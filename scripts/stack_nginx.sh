#!/usr/bin/env bash
# deploy/nginx.conf, the web image's config, run unchanged by Debian's nginx as the current
# user: for `make stack` (scripts/stack.sh) and the deployment tests.
#
#   scripts/stack_nginx.sh DIR LISTEN ROOT BACKEND...
#
# DIR receives everything nginx writes or reads besides deploy/nginx.conf: a main nginx.conf
# (the image's http settings, temp paths and pid under DIR, errors to stderr), and the two
# files deploy/nginx.conf includes, as web/Dockerfile provides them from deploy/nginx-compose/:
# desk/upstream.conf (a `server BACKEND;` line per host:port) and desk/site.conf (`listen
# LISTEN;`, `root ROOT;`: the built client).  Then nginx runs in the foreground (exec):
# SIGQUIT stops it gracefully, SIGTERM at once.  NGINX names the binary (default: nginx);
# `scripts/stack_nginx.sh --check` only checks that it is there.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
nginx="${NGINX:-nginx}"
if ! command -v "$nginx" >/dev/null && [ "$nginx" = nginx ] && [ -x /usr/sbin/nginx ]; then
  nginx=/usr/sbin/nginx  # not on PATH for users other than root
fi
if ! command -v "$nginx" >/dev/null; then
  echo "stack: needs nginx to serve deploy/nginx.conf as the web image does;" \
    "on Debian: apt-get install nginx-light (or set NGINX to the binary)" >&2
  exit 1
fi
[ "${1:-}" != --check ] || exit 0
if [ "$#" -lt 4 ]; then
  echo "usage: $0 DIR LISTEN ROOT BACKEND..." >&2
  exit 2
fi
dir="$(mkdir -p "$1" && cd "$1" && pwd)" listen="$2" root="$3"
shift 3

mkdir -p "$dir/desk" "$dir/temp"
for backend in "$@"; do echo "server $backend;"; done > "$dir/desk/upstream.conf"
printf 'listen %s;\nroot %s;\n' "$listen" "$root" > "$dir/desk/site.conf"
# As root, nginx would hand its workers to `nobody`, who may not read the checkout.  One
# worker: one round robin, so consecutive connections alternate between the processes.
user=""
[ "$(id -u)" != 0 ] || user="user $(id -un) $(id -gn);"
cat > "$dir/nginx.conf" <<EOF
# Written by scripts/stack_nginx.sh; relative paths are under nginx's prefix, $dir.
$user
pid nginx.pid;
error_log stderr;
worker_processes 1;
worker_shutdown_timeout 10s;
events {}
http {
    client_body_temp_path temp/body;
    proxy_temp_path temp/proxy;
    fastcgi_temp_path temp/fastcgi;
    uwsgi_temp_path temp/uwsgi;
    scgi_temp_path temp/scgi;
    # As the web image's main nginx.conf.
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    keepalive_timeout 65;
    include $repo/deploy/nginx.conf;
}
EOF
args=(-p "$dir/" -c "$dir/nginx.conf" -e stderr)
"$nginx" "${args[@]}" -t -q
exec "$nginx" "${args[@]}" -g "daemon off;"
