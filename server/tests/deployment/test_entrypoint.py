"""The server image's entrypoint (deploy/server-entrypoint.sh), run as the image runs it:
it refuses to start without the production settings, serves with Uvicorn, and on SIGTERM
closes open websockets with 1012 ("service restart") so clients reconnect elsewhere."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from testing.live_server import fresh_database, server_env
from testing.ports import free_port

REPO = Path(__file__).resolve().parents[3]
ENTRYPOINT = str(REPO / "deploy/server-entrypoint.sh")
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "s" * 50,
    "ALLOWED_HOSTS": "localhost,127.0.0.1",
    "CSRF_TRUSTED_ORIGINS": "http://localhost:3000",
    "BIND": "127.0.0.1",
}


def entrypoint_env(extra: dict) -> dict:
    """The image puts its virtualenv first on PATH; so do the tests."""
    env = server_env(extra)
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '')}"
    return env


def test_the_entrypoint_refuses_to_serve_without_csrf_trusted_origins(tmp_path):
    env = entrypoint_env({**PRODUCTION, "DESK_DATA_DIR": str(tmp_path), "PORT": str(free_port())})
    del env["CSRF_TRUSTED_ORIGINS"]
    result = subprocess.run(
        [ENTRYPOINT, "serve"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0 and "desk.E002" in result.stderr


@pytest.mark.asyncio
async def test_sigterm_closes_websockets_with_service_restart():
    import websockets

    with fresh_database() as env:
        port = free_port()
        process = subprocess.Popen(
            [ENTRYPOINT, "serve"],
            cwd=REPO,
            env=entrypoint_env({**env, **PRODUCTION, "PORT": str(port), "GRACEFUL_TIMEOUT": "5"}),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2):
                        break
                except OSError:
                    assert process.poll() is None, process.stdout.read().decode()
                    assert time.monotonic() < deadline, "server did not start"
                    await asyncio.sleep(0.2)
            ws = await websockets.connect(
                f"ws://127.0.0.1:{port}/graphql", subprotocols=["graphql-transport-ws"]
            )
            token = env["DESK_TEST_AGENT_TOKEN"]
            await ws.send(json.dumps({"type": "connection_init", "payload": {"token": token}}))
            assert json.loads(await ws.recv())["type"] == "connection_ack"

            process.send_signal(signal.SIGTERM)
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), 20)
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 1012
            # Uvicorn exits by re-raising the SIGTERM it handled, after the graceful part.
            assert process.wait(20) in (0, -signal.SIGTERM)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()


def _cpu_seconds(pid: int) -> tuple[float, float]:
    """(own, waited-for children's) CPU seconds of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return (utime + stime) / ticks, (cutime + cstime) / ticks


def test_serve_starts_django_once_and_is_ready_quickly(tmp_path):
    """Production settings on the test database (PostgreSQL in CI): the database wait, the
    deploy checks and Uvicorn run in one process, so no earlier interpreter spent CPU
    before it (the shell's exec keeps the pid; finished children count in cutime), and
    /readyz answers well within the bound (docs/deployment.md has the measured figures)."""
    with fresh_database() as env:
        port = free_port()
        log = tmp_path / "server.log"
        started = time.monotonic()
        with log.open("w") as out:
            process = subprocess.Popen(
                [ENTRYPOINT, "serve"],
                cwd=REPO,
                env=entrypoint_env({**env, **PRODUCTION, "PORT": str(port), "LOG_LEVEL": "INFO"}),
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2):
                        break
                except OSError:
                    assert process.poll() is None, log.read_text()
                    assert time.monotonic() - started < 60, "not ready in 60 s"
                    time.sleep(0.05)
            ready = time.monotonic() - started
            own, children = _cpu_seconds(process.pid)
            print(f"ready in {ready:.2f} s, {own:.2f} s CPU, earlier processes {children:.2f} s")
            assert children < 0.5, f"{children:.2f} s CPU in processes before the server"
            assert "config.serve" in Path(f"/proc/{process.pid}/cmdline").read_text()
            assert ready < 20, f"ready in {ready:.1f} s"

            # One log line per request (Uvicorn's access log is off).
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/graphql",
                json.dumps({"query": "{ __typename }"}).encode(),
                {"Content-Type": "application/json", "X-Request-ID": "entrypoint-once-1"},
            )
            urllib.request.urlopen(request, timeout=10).close()
            deadline = time.monotonic() + 10
            while "entrypoint-once-1" not in log.read_text():
                assert time.monotonic() < deadline, log.read_text()
                time.sleep(0.05)
        finally:
            process.terminate()
            process.wait(30)
        lines = [line for line in log.read_text().splitlines() if "/graphql" in line]
        assert len(lines) == 1 and '"request_id": "entrypoint-once-1"' in lines[0], lines
