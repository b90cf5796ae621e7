"""/healthz, /readyz, the request id, JSON log lines and the deployment checks."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from config.observability import JsonFormatter, RequestIdFilter, request_id_var

SERVER_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_healthz_and_readyz_answer_with_any_host(client):
    alive = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert alive.status_code == 200 and alive.json() == {"status": "ok"}
    ready = client.get("/readyz", HTTP_HOST="10.0.0.7:8000")
    assert ready.status_code == 200, ready.json()
    assert ready.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_fails_when_redis_does_not_answer(client):
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        ready = client.get("/readyz")
    assert ready.status_code == 503
    body = ready.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok" and body["checks"]["redis"] != "ok"


@pytest.mark.django_db
def test_request_id_is_kept_or_made_and_logged(client, caplog):
    with caplog.at_level(logging.INFO, logger="desk.request"):
        given = client.get("/auth/csrf", HTTP_X_REQUEST_ID="abc123def456")
        made = client.get("/auth/csrf", HTTP_X_REQUEST_ID="bad id!")
    assert given["X-Request-ID"] == "abc123def456"
    assert made["X-Request-ID"] != "bad id!" and len(made["X-Request-ID"]) == 32
    lines = [r for r in caplog.records if r.name == "desk.request"]
    assert [r.status for r in lines] == [200, 200]
    assert lines[0].path == "/auth/csrf" and lines[0].duration_ms >= 0


def test_json_formatter_writes_one_object_with_the_request_id():
    record = logging.makeLogRecord(
        {"name": "desk.request", "levelname": "INFO", "msg": "GET %s", "args": ("/x",)}
    )
    record.status = 200
    token = request_id_var.set("req-00000001")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "GET /x" and line["request_id"] == "req-00000001"
    assert line["status"] == 200 and line["level"] == "INFO" and "time" in line


def run(args: list[str], **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in env} | {
        k: v for k, v in env.items() if v is not None
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=SERVER_DIR,
        env=environment | {"DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": "desk.example.com"}


def test_deploy_check_requires_csrf_trusted_origins(tmp_path):
    env = {**PRODUCTION, "DESK_DATA_DIR": str(tmp_path), "CSRF_TRUSTED_ORIGINS": None}
    refused = run(["manage.py", "check", "--deploy", "--fail-level", "ERROR"], **env)
    assert refused.returncode != 0 and "desk.E002" in refused.stderr
    env["CSRF_TRUSTED_ORIGINS"] = "https://desk.example.com"
    passed = run(["manage.py", "check", "--deploy", "--fail-level", "ERROR"], **env)
    assert passed.returncode == 0, passed.stderr


def test_production_logs_are_json_lines(tmp_path):
    code = "import django, logging; django.setup(); logging.getLogger('desk').warning('hello')"
    result = run(["-c", code], **PRODUCTION, DESK_DATA_DIR=str(tmp_path), LOG_FORMAT=None)
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "hello" and line["logger"] == "desk"


def test_collected_static_files_are_hashed_and_compressed(tmp_path):
    static = tmp_path / "static"
    env = {**PRODUCTION, "DESK_DATA_DIR": str(tmp_path), "STATIC_ROOT": str(static)}
    result = run(["manage.py", "collectstatic", "--noinput", "-v0"], **env, STATIC_MANIFEST="1")
    assert result.returncode == 0, result.stderr
    assert (static / "staticfiles.json").exists()
    assert list((static / "admin" / "css").glob("base.*.css.gz"))
