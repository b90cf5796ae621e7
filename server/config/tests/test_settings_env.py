"""The environment variables: declared once (config/variables.py), read only through
config/env.py and parsed once at start-up, README's tables generated from the declarations.

These tests fail when README and the code drift apart: a table edited by hand or not
regenerated, a variable read but not declared, a declared one no longer read, or read by
another module than its group names, or a documented default the settings do not use.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts import ratelimit
from config import env_docs
from config.env import Rate, env_int
from config.variables import DECLARED, GROUPS

SERVER_DIR = Path(__file__).resolve().parents[2]
SETTINGS_DIR = SERVER_DIR / "config" / "settings"
# Read by Django itself (manage.py, asgi.py, config.serve set it), not by the desk.
# Read but not the desk's: Django's own, and the shell's search path (the load test
# puts the venv first in it for its servers).
DJANGO_OWN = {"DJANGO_SETTINGS_MODULE", "PATH"}


def load_settings(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run ``code`` after importing config.settings in a fresh interpreter, with none of the
    declared variables set but ``env``."""
    clean = {k: v for k, v in os.environ.items() if k not in DECLARED}
    return subprocess.run(
        [sys.executable, "-c", f"import config.settings as s\n{code}"],
        cwd=SERVER_DIR,
        env=clean | {"PYTHONPATH": str(SERVER_DIR)} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_readme_tables_are_generated_from_the_declarations():
    readme = env_docs.README.read_text()
    assert env_docs.with_tables(readme) == readme, "README.md is stale: run `make env-docs`"


def test_the_generator_rewrites_only_between_the_markers():
    text = f"intro\n{env_docs.START}\nold table\n{env_docs.END}\nrest\n"
    rewritten = env_docs.with_tables(text)
    assert rewritten.startswith(f"intro\n{env_docs.START}\n### Core\n")
    assert rewritten.endswith(f"\n{env_docs.END}\nrest\n")
    assert "old table" not in rewritten
    for group in GROUPS:
        for variable in group.variables:
            assert f"| `{variable.name}` | {variable.default} | {variable.meaning} |" in rewritten
    with pytest.raises(ValueError):
        env_docs.with_tables("no markers")


def test_each_variable_is_declared_once_with_a_one_line_default_and_meaning():
    names = [v.name for group in GROUPS for v in group.variables]
    assert len(names) == len(set(names)) == len(DECLARED)
    for group in GROUPS:
        assert group.variables, group.title
        for variable in group.variables:
            assert re.fullmatch(r"[A-Z][A-Z0-9_]*", variable.name)
            for cell in (variable.default, variable.meaning):
                assert cell.strip() and "|" not in cell and "\n" not in cell, variable.name


def test_the_settings_read_exactly_the_declared_variables_each_in_its_groups_module():
    # PostgreSQL (parsed only, never connected to) so the pool's variables are read too.
    result = load_settings(
        "import json, config.env\nprint(json.dumps(sorted(config.env.reads())))",
        DATABASE_URL="postgres://desk@127.0.0.1:1/desk",
    )
    assert result.returncode == 0, result.stderr
    read = {tuple(pair) for pair in json.loads(result.stdout)}
    declared = {(v.name, group.module) for group in GROUPS if group.module for v in group.variables}
    assert read == declared


def test_reading_an_undeclared_variable_is_refused():
    with pytest.raises(ImproperlyConfigured, match="NOT_A_DESK_VARIABLE is read but not declared"):
        env_int("NOT_A_DESK_VARIABLE", 1)


def test_the_settings_modules_read_the_environment_only_through_config_env():
    for module in SETTINGS_DIR.glob("*.py"):
        tree = ast.parse(module.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert "os" not in {alias.name for alias in node.names}, module.name
            if isinstance(node, ast.Attribute):
                assert node.attr not in ("environ", "getenv"), module.name


ENVIRON_READ = re.compile(
    r"""(?:environ(?:\.get|\.setdefault|\.pop)?\s*[(\[]|getenv\()\s*["']([A-Z][A-Z0-9_]*)["']"""
)


def test_server_code_reads_only_declared_variables():
    read: dict[str, str] = {}
    for path in SERVER_DIR.rglob("*.py"):
        relative = path.relative_to(SERVER_DIR)
        if "tests" in relative.parts or path.name in ("conftest.py",) or ".venv" in path.parts:
            continue
        for name in ENVIRON_READ.findall(path.read_text()):
            read.setdefault(name, str(relative))
    assert "WAIT_FOR_DB_SECONDS" in read  # the pattern finds config/serve.py's reads
    undeclared = {name: where for name, where in read.items() if name not in DECLARED | DJANGO_OWN}
    assert not undeclared, f"declare these in config/variables.py: {undeclared}"


def test_documented_literal_defaults_are_the_settings_defaults(tmp_path):
    """A default README shows as one literal (`20/60`) must give the same settings as unset."""
    literal = {
        v.name: match.group(1)
        for group in GROUPS
        if group.module
        for v in group.variables
        if (match := re.fullmatch(r"`([^`]*)`", v.default))
    }
    assert {"DEBUG", "RATE_LIMIT_CREATE_TICKET", "LOG_LEVEL", "DB_POOL_SIZE"} <= set(literal)
    dump = "import json\nprint(json.dumps({k: repr(getattr(s, k)) for k in dir(s) if k.isupper()}))"
    where = {"DESK_DATA_DIR": str(tmp_path), "DATABASE_URL": "postgres://desk@127.0.0.1:1/desk"}
    unset = load_settings(dump, **where)
    explicit = load_settings(dump, **where, **literal)
    assert unset.returncode == 0, unset.stderr
    assert explicit.returncode == 0, explicit.stderr
    assert json.loads(explicit.stdout) == json.loads(unset.stdout)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"LOG_LEVEL": "loud"}, "LOG_LEVEL must be one of"),
        ({"LOG_FORMAT": "xml"}, "LOG_FORMAT must be json or text, got 'xml'"),
        ({"LIVE_LOG_LENGTH": "0"}, "LIVE_LOG_LENGTH must be at least 1, got '0'"),
        (
            {"DB_POOL_SIZE": "-1", "DATABASE_URL": "postgres://desk@127.0.0.1:1/desk"},
            "DB_POOL_SIZE must be at least 0",
        ),
        ({"RATE_LIMIT_CREATE_TICKET": "0/60"}, "RATE_LIMIT_CREATE_TICKET must look like '20/60'"),
        ({"RATE_LIMIT_CLASSIFY": "5 per minute"}, "RATE_LIMIT_CLASSIFY must look like"),
        ({"TRUSTED_PROXIES": "the nginx box"}, "TRUSTED_PROXIES: 'the nginx box' is not an IP"),
        ({"TRUSTED_PROXY_COUNT": "1"}, "TRUSTED_PROXY_COUNT is replaced by TRUSTED_PROXIES"),
        ({"SECURE_COOKIES": "sometimes"}, "SECURE_COOKIES must be one of"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(env, message, tmp_path):
    result = load_settings("", DESK_DATA_DIR=str(tmp_path), **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("20/60", Rate(20, 60)),
        (" 5/1 ", Rate(5, 1)),
        ("off", None),
        ("OFF", None),
        ("none", None),
        ("", None),
        (None, None),
    ],
)
def test_rates_parse(text, rate):
    assert Rate.parse(text, name="RATE") == rate


@pytest.mark.parametrize("text", ["lots", "20", "0/60", "20/0", "-1/60", "1.5/60", "20/60/1"])
def test_bad_rates_are_refused_with_the_name(text):
    with pytest.raises(ImproperlyConfigured, match="^RATE_X must look like '20/60'"):
        Rate.parse(text, name="RATE_X")


def test_rate_limits_are_parsed_once_at_start_up(settings, monkeypatch):
    assert isinstance(settings.RATE_LIMIT_CREATE_TICKET, Rate | None)
    assert isinstance(settings.RATE_LIMIT_CLASSIFY, Rate | None)
    settings.RATE_LIMIT_CREATE_TICKET = Rate(3, 30)
    settings.RATE_LIMIT_CLASSIFY = None

    def no_parsing(*args, **kwargs):
        raise AssertionError("a rate limit parsed per call")

    monkeypatch.setattr(Rate, "parse", no_parsing)
    assert ratelimit.create_ticket_rate() == Rate(3, 30)
    assert ratelimit.classify_rate() is None


def test_rate_limit_defaults(tmp_path):
    code = "print(s.RATE_LIMIT_CREATE_TICKET, s.RATE_LIMIT_CLASSIFY)"
    result = load_settings(code, DESK_DATA_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["20/60", "60/60"]
