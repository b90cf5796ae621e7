"""The benchmarks still start (their figures are measured by hand: README.md next door).
Each module imports and parses its options; the API benchmark runs its statistics cases
once against the test database and writes its table."""

from __future__ import annotations

import importlib

import pytest

MODULES = ["api", "subscriptions", "suggestions", "asgi_servers"]


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
