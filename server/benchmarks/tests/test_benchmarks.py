"""The benchmarks still start (their figures are measured by hand: README.md next door).
Each module imports and parses its options; the API benchmark runs its statistics cases
once against the test database and writes its table; the HTTP floor benchmark serves a
fresh database and measures two requests of three cases, then a one-second load."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys

import pytest

from testing.live_server import SERVER_DIR, fresh_database, server_env

MODULES = [
    "api",
    "subscriptions",
    "suggestions",
    "asgi_servers",
    "http_floor",
    "capacity",
    "search",
    "create_ticket",
]


@pytest.mark.parametrize("name", MODULES)
def test_each_benchmark_imports_and_answers_help(name, capsys):
    module = importlib.import_module(f"benchmarks.{name}")

    with pytest.raises(SystemExit) as exit_:
        module.main(["--help"])

    assert exit_.value.code == 0
    assert f"python -m benchmarks.{name}" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_api_benchmark_writes_its_table(tmp_path, capsys):
    from benchmarks import api

    output = tmp_path / "api.md"
    api.main(["--stats-only", "--iterations", "2", "--warmup", "0", "--output", str(output)])

    table = output.read_text()
    assert table == capsys.readouterr().out
    assert "| ticketStats, no filter |" in table
    assert "| ticketStats selector alone (no HTTP, GraphQL or auth) |" in table
    assert "2 timed requests per case" in table


@pytest.mark.django_db
def test_the_api_benchmark_refuses_zero_iterations():
    from benchmarks import api

    with pytest.raises(SystemExit, match="at least 1"):
        api.main(["--stats-only", "--iterations", "0"])


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"), reason="http_floor replays its SQL through psycopg"
)
def test_the_http_floor_benchmark_measures_against_a_real_server():
    def run(*options: str) -> str:
        finished = subprocess.run(
            [sys.executable, "-m", "benchmarks.http_floor", "--workers", "1", *options],
            cwd=SERVER_DIR,
            env=server_env(env),
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert finished.returncode == 0, finished.stderr[-3000:]
        return finished.stdout

    with fresh_database() as env:
        latency = run("--cases", "createTicket,first page,ticketStats", "--iterations", "2",
                      "--warmup", "0")  # fmt: skip
        load = run("--throughput", "--cases", "first page", "--clients", "2", "--seconds", "1")

    assert "2 timed iterations per case" in latency
    assert "| createTicket | " in latency
    rows = {line.split(" | ")[0]: line for line in latency.splitlines() if line.startswith("| ")}
    assert rows["| first page"].count("|") == 9  # every column measured
    assert "6 desk.request log lines written" in latency  # request logs on, one per request
    first_page = next(
        line for line in load.splitlines() if line.startswith("| first page | this | 2 |")
    )
    assert first_page.split(" | ")[6] == "0"  # no errors
