#!/usr/bin/env python3
"""Build-free checks of the deployment files (no Docker engine needed), run by .ci/run.

- Every file or folder a Dockerfile COPYs from the build context (the repository root)
  exists and is not excluded by .dockerignore; every Dockerfile compose.yaml builds exists.
- The Dockerfiles run the commands the Makefile runs: the same uv version and
  `uv sync --frozen`, the same `npm ci` flags and `npm run build`, the Python that
  pyproject.toml requires; the server image checks its settings and runs Uvicorn.
- The nginx config proxies /graphql with websocket upgrades, /admin/, /auth/ and /static/.
- The same nginx config serves compose and `make stack`: the server addresses, the port and
  the client's folder come from desk/upstream.conf and desk/site.conf, which the web image
  copies from deploy/nginx-compose/ (compose's `server` service) and scripts/stack_nginx.sh
  writes.
Exit status 1 with one line per problem.
"""

from __future__ import annotations

import fnmatch
import os
import re
import shlex
import sys
from pathlib import Path

# The repository to check (a test points it at a modified copy).
ROOT = Path(os.environ.get("CHECK_DEPLOY_ROOT", Path(__file__).resolve().parent.parent))
problems: list[str] = []


def problem(message: str) -> None:
    problems.append(message)


def read(name: str) -> str:
    """The file's text, or "" and a problem when it is missing."""
    try:
        return (ROOT / name).read_text()
    except FileNotFoundError:
        problem(f"{name}: no such file")
        return ""


def instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    text = re.sub(r"\\\n", " ", dockerfile.read_text())
    result = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            word, _, rest = line.partition(" ")
            result.append((word.upper(), rest.strip()))
    return result


def ignored(path: str, patterns: list[str]) -> bool:
    hit = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").rstrip("/")
        candidates = [pattern, pattern.removeprefix("**/")]
        parts = Path(path).parts
        prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
        if any(fnmatch.fnmatch(p, c) for p in prefixes for c in candidates):
            hit = not negate
    return hit


def check_copies(dockerfile: Path, patterns: list[str]) -> str:
    runs = []
    for word, args in instructions(dockerfile):
        if word == "RUN":
            runs.append(args)
        if word not in ("COPY", "ADD"):
            continue
        tokens = shlex.split(args)
        if any(t.startswith("--from") for t in tokens):
            continue
        sources = [t for t in tokens if not t.startswith("--")][:-1]
        for source in sources:
            path = source.rstrip("/") or "."
            if not (ROOT / path).exists():
                problem(f"{dockerfile.relative_to(ROOT)}: COPY {source}: no such file")
            elif ignored(path, patterns):
                problem(f"{dockerfile.relative_to(ROOT)}: COPY {source}: excluded by .dockerignore")
    return "\n".join(runs)


def check_nginx_includes(nginx: str, compose: str) -> None:
    """deploy/nginx.conf is the same file for compose and `make stack`: it sets no address,
    port or folder itself, and includes the two files each of them provides."""
    includes = sorted(re.findall(r"^\s*include\s+desk/(\S+);", nginx, re.M))
    if includes != ["site.conf", "upstream.conf"]:
        problem("deploy/nginx.conf does not include desk/upstream.conf and desk/site.conf")
    if re.search(r"^\s*(listen|root)\s|^\s*server\s+[^\s{]+\s*;", nginx, re.M):
        problem(
            "deploy/nginx.conf sets a server address, listen or root itself "
            "(desk/upstream.conf and desk/site.conf do, for compose and make stack)"
        )
    upstream = read("deploy/nginx-compose/upstream.conf")
    if not re.search(r"^server\s+server:8000;", upstream, re.M) or not re.search(
        r"^  server:$", compose, re.M
    ):
        problem("deploy/nginx-compose/upstream.conf does not name compose's `server` on 8000")
    site = read("deploy/nginx-compose/site.conf")
    if not re.search(r"^listen 8080;", site, re.M) or ":8080" not in compose:
        problem("deploy/nginx-compose/site.conf does not listen on the web service's 8080")
    if not re.search(r"^root /usr/share/nginx/html;", site, re.M):
        problem("deploy/nginx-compose/site.conf does not serve the image's /usr/share/nginx/html")
    stack = read("scripts/stack_nginx.sh")
    for needed in ("desk/upstream.conf", "desk/site.conf", "include $repo/deploy/nginx.conf;"):
        if needed not in stack:
            problem(f"scripts/stack_nginx.sh does not write `{needed}`")


def main() -> int:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    makefile = (ROOT / "Makefile").read_text()
    compose = (ROOT / "compose.yaml").read_text()
    for dockerfile in re.findall(r"dockerfile:\s*(\S+)", compose):
        if not (ROOT / dockerfile).is_file():
            problem(f"compose.yaml builds {dockerfile}, which does not exist")

    # The server image.
    server = ROOT / "server/Dockerfile"
    runs = check_copies(server, patterns)
    uv_version = re.search(r"^UV_VERSION\s*:=\s*(\S+)", makefile, re.M).group(1)
    if f"uv=={uv_version}" not in runs:
        problem(f"server/Dockerfile does not install uv=={uv_version} (the Makefile's UV_VERSION)")
    if "$(UV) sync --frozen" not in makefile or "uv sync --frozen" not in runs:
        problem("server/Dockerfile and the Makefile must both install with `uv sync --frozen`")
    python = re.search(
        r'requires-python\s*=\s*">=(\d+\.\d+)', (ROOT / "pyproject.toml").read_text()
    )
    base = re.search(r"^FROM\s+python:(\d+\.\d+)", server.read_text(), re.M)
    if not base or not python or base.group(1) != python.group(1):
        problem("server/Dockerfile's python image is not the version pyproject.toml requires")
    if not re.search(r"^USER\s+(?!root)\S+", server.read_text(), re.M):
        problem("server/Dockerfile does not switch to a non-root USER")
    # The entrypoint hands migrate/serve to one Python process (server/config/serve.py),
    # which checks the settings, then migrates or serves with Uvicorn.
    if "exec python -m config.serve" not in read("deploy/server-entrypoint.sh"):
        problem("deploy/server-entrypoint.sh does not exec `python -m config.serve`")
    serve = read("server/config/serve.py")
    for what, needed in (
        (
            "check --deploy --fail-level ERROR",
            'call_command("check", deploy=True, fail_level="ERROR")',
        ),
        ("migrate --noinput", 'call_command("migrate", interactive=False)'),
        ("uvicorn", "uvicorn.run("),
    ):
        if needed not in serve:
            problem(f"server/config/serve.py does not run `{what}`")

    # The web image.
    web = ROOT / "web/Dockerfile"
    runs = check_copies(web, patterns)
    if not re.search(
        r"^COPY\s+deploy/nginx-compose/?\s+/etc/nginx/desk/?\s*$", web.read_text(), re.M
    ):
        problem("web/Dockerfile does not copy deploy/nginx-compose/ to /etc/nginx/desk/")
    npm_ci = re.search(r"npm ci [^\n]*", makefile).group(0)
    if npm_ci not in runs:
        problem(f"web/Dockerfile does not run `{npm_ci}` as the Makefile does")
    if "npm run build" not in makefile or "npm run build" not in runs:
        problem("web/Dockerfile and the Makefile must both build with `npm run build`")

    nginx = read("deploy/nginx.conf")
    graphql = re.search(r"location = /graphql \{(.*?)\}", nginx, re.S)
    for header in ("Host", "X-Forwarded-For", "X-Request-ID", "Upgrade", "Connection"):
        # A location with its own proxy_set_header inherits none from the server block.
        if graphql and f"proxy_set_header {header} " not in graphql.group(1):
            problem(f"deploy/nginx.conf: /graphql does not set the {header} header")
    for needed in (
        "location = /graphql",
        "proxy_set_header Upgrade $http_upgrade",
        "location /admin/",
        "location /auth/",
        "location /static/",
    ):
        if needed not in nginx:
            problem(f"deploy/nginx.conf lacks `{needed}`")

    check_nginx_includes(nginx, compose)

    for line in problems:
        print(f"check_deploy: {line}", file=sys.stderr)
    if not problems:
        print("check_deploy: Dockerfiles, compose.yaml and nginx.conf are consistent")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
