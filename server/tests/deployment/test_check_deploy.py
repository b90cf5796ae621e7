"""scripts/check_deploy.py catches what it promises to: a COPY of a missing or ignored file,
a uv version or npm command that differs from the Makefile's, an nginx config that is no
longer the same file for compose and `make stack`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
FILES = [
    "Makefile", "pyproject.toml", "uv.lock", "compose.yaml", ".dockerignore", "schema.graphql",
    "server/Dockerfile", "web/Dockerfile", "web/package.json", "web/package-lock.json",
    "deploy/nginx.conf", "deploy/nginx-compose/upstream.conf", "deploy/nginx-compose/site.conf",
    "deploy/server-entrypoint.sh", "scripts/stack_nginx.sh", "server/config/serve.py",
]  # fmt: skip


@pytest.fixture
def copy(tmp_path):
    for name in FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / name, tmp_path / name)
    (tmp_path / "server/manage.py").write_text("")
    (tmp_path / "web/src").mkdir()
    return tmp_path


def check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO / "scripts/check_deploy.py")],
        env={**os.environ, "CHECK_DEPLOY_ROOT": str(root)},
        capture_output=True,
        text=True,
        timeout=60,
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_the_repository_passes():
    result = check(REPO)
    assert result.returncode == 0, result.stderr


def test_the_copy_passes(copy):
    assert check(copy).returncode == 0, check(copy).stderr


def test_a_missing_copy_source_fails(copy):
    (copy / "deploy/nginx.conf").unlink()
    result = check(copy)
    assert result.returncode == 1
    assert "web/Dockerfile: COPY deploy/nginx.conf: no such file" in result.stderr


def test_an_ignored_copy_source_fails(copy):
    (copy / ".dockerignore").write_text("uv.lock\n")
    assert "COPY uv.lock: excluded by .dockerignore" in check(copy).stderr


def test_commands_must_match_the_makefile(copy):
    edit(copy / "Makefile", "UV_VERSION := ", "UV_VERSION := 9.9.9 #")
    edit(copy / "web/Dockerfile", "npm ci --no-audit", "npm install --no-audit")
    stderr = check(copy).stderr
    assert "uv==9.9.9" in stderr and "npm ci" in stderr


def test_the_websocket_location_must_repeat_the_proxy_headers(copy):
    # nginx: a location that sets any proxy_set_header inherits none from the server block,
    # so /graphql without its own Host would reach Django as "desk_server" (400).
    edit(copy / "deploy/nginx.conf", "        proxy_set_header Host $host;\n", "")
    assert "/graphql does not set the Host header" in check(copy).stderr


def test_the_server_must_check_its_settings_before_serving(copy):
    edit(copy / "server/config/serve.py", 'deploy=True, fail_level="ERROR"', "deploy=True")
    assert "serve.py does not run `check --deploy --fail-level ERROR`" in check(copy).stderr


def test_nginx_conf_must_leave_addresses_to_its_includes(copy):
    # An address written into deploy/nginx.conf would differ between compose and make stack.
    edit(copy / "deploy/nginx.conf", "include desk/upstream.conf;", "server server:8000;")
    stderr = check(copy).stderr
    assert "does not include desk/upstream.conf and desk/site.conf" in stderr
    assert "deploy/nginx.conf sets a server address, listen or root itself" in stderr


def test_the_web_image_must_provide_the_includes(copy):
    edit(copy / "web/Dockerfile", "COPY deploy/nginx-compose/ /etc/nginx/desk/\n", "")
    assert "does not copy deploy/nginx-compose/ to /etc/nginx/desk/" in check(copy).stderr
    (copy / "deploy/nginx-compose/site.conf").unlink()
    stderr = check(copy).stderr
    assert "web/Dockerfile: COPY deploy/nginx-compose/: no such file" not in stderr
    assert "deploy/nginx-compose/site.conf: no such file" in stderr


def test_compose_upstream_must_name_the_server_service(copy):
    edit(copy / "deploy/nginx-compose/upstream.conf", "server server:8000;", "server api:8000;")
    assert "upstream.conf does not name compose's `server` on 8000" in check(copy).stderr


def test_make_stack_must_run_the_same_file(copy):
    edit(copy / "scripts/stack_nginx.sh", "include $repo/deploy/nginx.conf;", "include x.conf;")
    assert "stack_nginx.sh does not write `include $repo/deploy/nginx.conf;`" in check(copy).stderr
