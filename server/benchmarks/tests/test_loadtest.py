"""The load test (`make loadtest`) still works: its locustfile, run by Locust for a few seconds
against a live server with two HTTP users of each kind… and two websocket subscribers, puts
load without failures, and the subscribers hear the writes.  Locust runs in a subprocess: it
monkeypatches the standard library with gevent, which the test process must not be."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from benchmarks.loadtest import report, runner
from testing.live_server import (
    SERVER_DIR,
    LiveServer,
    create_user_token,
    fresh_database,
    server_env,
)

SECONDS = 8


def test_the_runner_answers_help(capsys):
    with pytest.raises(SystemExit) as exit_:
        runner.main(["--help"])

    assert exit_.value.code == 0
    assert "python -m benchmarks.loadtest" in capsys.readouterr().out


def test_the_locustfile_loads_the_desk_and_its_subscribers_hear_the_writes(tmp_path):
    with fresh_database() as env:
        with ThreadPoolExecutor(2) as pool:
            requester = pool.submit(create_user_token, env, "load-requester", "requester")
            seeding = pool.submit(
                subprocess.run,
                [sys.executable, "manage.py", "seed_demo", "--count", "200"],
                cwd=SERVER_DIR,
                env=server_env(env),
                check=True,
                capture_output=True,
            )
            requester_token = requester.result()
            seeding.result()
        with LiveServer(env) as server:
            done = _locust(server, env["DESK_TEST_AGENT_TOKEN"], requester_token, tmp_path)

    log = (tmp_path / "locust.log").read_text()
    assert done.returncode == 0, log
    rows = report.locust_rows(tmp_path / "run")
    http = report.http_rows(rows)
    assert {"list: first page", "createTicket"} <= {row["name"] for row in http}, log
    assert sum(row["requests"] for row in http) > 5
    assert sum(row["failures"] for row in rows) == 0, report.locust_failures(tmp_path / "run")
    tally = report.read_tally(tmp_path / "subscribers.json")
    assert tally["connected"] == 2 and tally["disconnects"] == tally["interrupted"] == 0
    assert tally["writes"] > 0 and tally["creates"] > 0
    assert tally["events"] > 0 and tally["events"] >= tally["events_expected"]
    assert tally["events_missed"] == 0 and tally["stats_behind"] == 0
    assert tally["stats_messages"] >= 2
    lags = {row["name"]: row for row in rows if row["type"] == "WS"}
    assert lags["ticketEvents lag"]["requests"] == tally["events"]
    assert lags["ticketStats lag"]["requests"] > 0
    text = report.render(
        title="smoke", facts=[], rows=rows, failures=[], tally=tally, samples=[], seconds=SECONDS
    )
    assert "| list: first page |" in text and "**missed: 0**" in text


def _locust(server: LiveServer, agent: str, requester: str, out: Path):
    env = {
        **os.environ,
        "PYTHONPATH": str(SERVER_DIR),
        "LOADTEST_AGENT_TOKENS": agent,
        "LOADTEST_REQUESTER_TOKENS": requester,
        "LOADTEST_SUBSCRIBERS": "2",
        "LOADTEST_SUMMARY": str(out / "subscribers.json"),
        "LOADTEST_DRAIN_SECONDS": "2",
    }
    command = [
        str(Path(sys.executable).parent / "locust"),
        "-f", str(runner.LOCUSTFILE), "--headless", "--only-summary",
        "-u", "6", "-r", "6", "-t", f"{SECONDS}s", "-H", server.url, "--csv", str(out / "run"),
    ]  # fmt: skip
    with open(out / "locust.log", "w") as log:
        return subprocess.run(
            command, cwd=SERVER_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, timeout=120
        )
