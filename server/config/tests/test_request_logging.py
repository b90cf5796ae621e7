"""One log line per request, read from the real servers' output: the test harness's Daphne
and `make run`'s `manage.py runserver` (the entrypoint's Uvicorn:
tests/deployment/test_entrypoint.py).
Warnings and tracebacks only for real faults: an anonymous POST without a CSRF token (served)
and an oversized body (a client's mistake) write nothing more than their request line."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest

from testing.live_server import SERVER_DIR, LiveServer, fresh_database, server_env
from testing.ports import free_port


@pytest.fixture(scope="module")
def database():
    with fresh_database() as env:
        yield env


def _post(url: str, body: bytes, **headers: str) -> tuple[int, str]:
    """(status, request id) of a POST to /graphql."""
    request_id = f"logtest-{uuid.uuid4().hex}"
    request = urllib.request.Request(
        url + "/graphql",
        body,
        {"Content-Type": "application/json", "Host": "localhost", "X-Request-ID": request_id}
        | headers,
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, request_id
    except urllib.error.HTTPError as error:
        return error.code, request_id


QUERY = json.dumps({"query": "{ __typename }"}).encode()
TOO_BIG = json.dumps({"query": "{ __typename }", "pad": "x" * 300_000}).encode()


def _lines_about(output: str, *needles: str) -> list[str]:
    return [line for line in output.splitlines() if any(n in line for n in needles)]


def _wait_for(read, needle: str, timeout: float = 30) -> str:
    """The output once ``needle`` is in it (log lines are written after the response)."""
    deadline = time.monotonic() + timeout
    while needle not in (output := read()):
        assert time.monotonic() < deadline, f"{needle!r} never logged:\n{output}"
        time.sleep(0.05)
    return output


def test_daphne_logs_one_line_per_request_and_no_false_alarms(database):
    with LiveServer({**database, "LOG_LEVEL": "INFO"}) as server:
        anonymous = _post(server.url, QUERY)
        too_big = _post(server.url, TOO_BIG)
        forged = _post(server.url, QUERY, Cookie="sessionid=stolen")
        last = _post(server.url, QUERY)
        output = _wait_for(server.output, last[1])

    assert anonymous[0] == 200 and too_big[0] in (400, 413) and forged[0] == 403
    assert len(_lines_about(output, anonymous[1])) == 1, output
    # The size refusal: its request line only, no traceback.
    assert len(_lines_about(output, too_big[1])) == 1, output
    assert "Traceback" not in output and "RequestDataTooBig" not in output
    # A cookie without a CSRF token is refused: that one warning stays, with its reason.
    forged_lines = _lines_about(output, forged[1])
    assert len(forged_lines) == 2 and "WARNING django.security.csrf" in forged_lines[0], output
    assert "Forbidden (CSRF cookie not set.)" in forged_lines[0]
    # No access log of Daphne's own, and no second copy of any line.
    assert '"POST /graphql"' not in output
    assert "Forbidden" not in output.replace(forged_lines[0], "")


def test_runserver_logs_one_line_per_request(database):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=SERVER_DIR,
        env=server_env({**database, "LOG_LEVEL": "INFO"}),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=2).close()
                break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, "no server"
                time.sleep(0.1)
        anonymous = _post(url, QUERY)
        too_big = _post(url, TOO_BIG)
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0]
    assert anonymous[0] == 200 and too_big[0] in (400, 413)
    assert len(_lines_about(output, anonymous[1])) == 1, output
    assert len(_lines_about(output, too_big[1])) == 1, output
    # Daphne's "HTTP POST /graphql 200 [...]" lines are filtered out; nothing is doubled.
    assert len(_lines_about(output, "/graphql")) == 2, output
    assert "Traceback" not in output and "Forbidden" not in output, output
