"""Configuration from the environment: bad or missing values stop start-up with a clear error."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SERVER_DIR = Path(__file__).resolve().parents[2]


def start(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in env} | {
        k: v for k, v in env.items() if v is not None
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('ok')"],
        cwd=SERVER_DIR,
        env=environment | {"DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "0", "SECRET_KEY": None}, "SECRET_KEY must be set when DEBUG is off"),
        (
            {"DEBUG": "0", "SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": None},
            "ALLOWED_HOSTS must be set when DEBUG is off",
        ),
        ({"RATE_LIMIT_CLASSIFY": "lots"}, "RATE_LIMIT_CLASSIFY must look like"),
        ({"DEBUG": "maybe"}, "DEBUG must be one of"),
        ({"TIME_ZONE": "Mars/Olympus"}, "is not an IANA time zone"),
        ({"DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL is not a database URL"),
        ({"GRAPHQL_MAX_DEPTH": "ten"}, "GRAPHQL_MAX_DEPTH must be an integer"),
    ],
)
def test_bad_configuration_is_named(env, message):
    result = start(**env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings_start_with_a_secret_key(tmp_path):
    result = start(
        DEBUG="0",
        SECRET_KEY="s" * 50,
        ALLOWED_HOSTS="desk.example.com",
        DESK_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
