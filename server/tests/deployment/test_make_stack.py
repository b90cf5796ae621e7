"""`make stack`'s script itself (scripts/stack.sh): production settings, the entrypoint's
migrate, two Uvicorn processes and Debian's nginx running deploy/nginx.conf, on a fresh
PostgreSQL database and a private Redis.  Through nginx: readiness, a request whose id
nginx's access log and the server's log share, and a ticket created over HTTP reaching
websocket subscribers on both processes.  SIGTERM stops everything it started.  Without
nginx the script says so before starting anything."""

from __future__ import annotations

import asyncio
import copy
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from api.tests.test_subscriptions import EVENTS, create
from api.tests.test_subscriptions_robustness import RedisProcess, needs_redis_server
from testing.live_server import LiveServer, fresh_database, server_env
from testing.ports import free_port, listening
from testing.ws_client import WSClient

REPO = Path(__file__).resolve().parents[3]
needs_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="make stack runs on PostgreSQL (DATABASE_URL=postgres://…)",
)


def nginx_lines(log: Path, status: int) -> list[dict]:
    """nginx's JSON access log lines (deploy/nginx.conf's desk_json) with ``status``."""
    lines = [json.loads(line) for line in log.read_text().splitlines() if '"upstream":' in line]
    return [line for line in lines if line["status"] == status]


def test_make_stack_says_when_nginx_is_missing(tmp_path):
    result = subprocess.run(
        ["bash", "scripts/stack.sh"],
        cwd=REPO,
        env={**os.environ, "NGINX": str(tmp_path / "no-nginx"), "STACK_DB_EXISTS": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "stack: needs nginx" in result.stderr and "apt-get install nginx-light" in result.stderr
    assert result.stdout == ""  # nothing started: no database, Redis, migration or server


@pytest.mark.asyncio
@needs_redis_server
@needs_postgres
async def test_make_stack_serves_through_nginx_across_two_processes(tmp_path):
    redis = RedisProcess()
    redis.start()
    try:
        with fresh_database() as env:
            ports = [free_port() for _ in range(3)]
            stack_env = server_env(
                {
                    **env,
                    "REDIS_URL": redis.url,
                    "PORT": str(ports[0]),
                    "STACK_PORTS": f"{ports[1]} {ports[2]}",
                    "STACK_DB_EXISTS": "1",
                    "STACK_NGINX_DIR": str(tmp_path / "nginx"),
                    "LOG_LEVEL": "INFO",
                    "CHANNEL_LAYER_PREFIX": f"stack{time.time_ns()}",
                    "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
                }
            )
            log = open(tmp_path / "stack.log", "w+")  # noqa: SIM115
            process = subprocess.Popen(
                ["bash", "scripts/stack.sh"],
                cwd=REPO,
                env=stack_env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                deadline = time.monotonic() + 180
                while "stack: the desk on" not in (tmp_path / "stack.log").read_text():
                    assert process.poll() is None, (tmp_path / "stack.log").read_text()
                    assert time.monotonic() < deadline, (tmp_path / "stack.log").read_text()
                    await asyncio.sleep(0.5)
                while not listening(ports[0]):
                    await asyncio.sleep(0.1)

                via = copy.copy(LiveServer.__new__(LiveServer))
                via.port, via.token = ports[0], env["DESK_TEST_AGENT_TOKEN"]
                ready = await asyncio.to_thread(via.post, "/readyz")
                assert ready["checks"] == {"database": "ok", "redis": "ok"}
                request = urllib.request.Request(
                    via.url + "/auth/csrf", headers={"Host": "localhost"}
                )
                with urllib.request.urlopen(request, timeout=10) as response:
                    request_id = response.headers["X-Request-ID"]

                first = await WSClient.connect(via.ws_url, token=via.token)
                second = await WSClient.connect(via.ws_url, token=via.token)
                try:
                    on_first = await first.subscribe(EVENTS)
                    on_second = await second.subscribe(EVENTS)
                    await asyncio.sleep(0.5)
                    ticket = await create(via, title="Through make stack")
                    assert (await first.next(on_first))["ticketEvents"]["ticket"] == ticket
                    assert (await second.next(on_second))["ticketEvents"]["ticket"] == ticket
                finally:
                    await first.close()
                    await second.close()
                # nginx logs a websocket when it closes: one on each server process.
                deadline = time.monotonic() + 10
                while len(upgrades := nginx_lines(tmp_path / "stack.log", status=101)) < 2:
                    assert time.monotonic() < deadline, upgrades
                    await asyncio.sleep(0.1)
                assert {line["upstream"] for line in upgrades} == {
                    f"127.0.0.1:{port}" for port in ports[1:]
                }
                output = (tmp_path / "stack.log").read_text()
                assert '"logger": "desk.request"' in output  # JSON logs
                # nginx's JSON access log line and the server's, with nginx's request id.
                assert f'"request_id":"{request_id}","remote":"127.0.0.1"' in output
                assert f'"request_id": "{request_id}"' in output
                assert '"logger": "uvicorn.error"' in output and "INFO:     " not in output

                process.send_signal(signal.SIGTERM)
                assert process.wait(60) is not None
                await asyncio.sleep(1)
                assert not any(listening(p) for p in ports), "stack left a process behind"
            finally:
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
                log.close()
    finally:
        redis.stop()
