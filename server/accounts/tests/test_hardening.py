"""Production mode: secure cookies and headers, CORS only for configured origins,
GraphiQL and introspection switchable, Django's password validators."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SERVER_DIR = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "s" * 50,
    "ALLOWED_HOSTS": "desk.example.com",
}


def django_eval(expression: str, **env) -> object:
    """Evaluate ``expression`` in a fresh process with these environment variables."""
    code = (
        "import django, json; django.setup()\n"
        "from django.conf import settings\n"
        f"print(json.dumps({expression}))"
    )
    environment = {k: v for k, v in os.environ.items() if k not in env} | env
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=SERVER_DIR,
        env=environment | {"DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_cookies_and_headers(tmp_path):
    flags = django_eval(
        "[settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SESSION_COOKIE_HTTPONLY, settings.SECURE_HSTS_SECONDS, "
        "settings.SECURE_CONTENT_TYPE_NOSNIFF, settings.X_FRAME_OPTIONS, settings.GRAPHIQL, "
        "settings.GRAPHQL_INTROSPECTION, settings.BOOTSTRAP_ADMIN]",
        DESK_DATA_DIR=str(tmp_path),
        **PRODUCTION,
    )
    assert flags == [True, True, True, 31_536_000, True, "DENY", False, False, False]


def test_development_keeps_graphiql_and_introspection(tmp_path):
    flags = django_eval(
        "[settings.DEBUG, settings.GRAPHIQL, settings.GRAPHQL_INTROSPECTION, "
        "settings.SESSION_COOKIE_SECURE]",
        DESK_DATA_DIR=str(tmp_path),
        DEBUG="1",
    )
    assert flags == [True, True, True, False]


def test_introspection_can_be_switched_off(tmp_path):
    errors = django_eval(
        "[e.message for e in __import__('api.schema', fromlist=['schema']).schema"
        ".execute_sync('{ __schema { queryType { name } } }').errors or []]",
        DESK_DATA_DIR=str(tmp_path),
        GRAPHQL_INTROSPECTION="0",
    )
    assert errors and "introspection" in errors[0].lower()


@pytest.mark.django_db
def test_cors_answers_only_configured_origins(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
    allowed = client.options(
        "/graphql",
        HTTP_HOST="localhost",
        HTTP_ORIGIN="https://app.example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert allowed["Access-Control-Allow-Credentials"] == "true"
    other = client.options(
        "/graphql",
        HTTP_HOST="localhost",
        HTTP_ORIGIN="https://evil.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "Access-Control-Allow-Origin" not in other


@pytest.mark.django_db
def test_responses_carry_security_headers(gql):
    response = gql.post("{ me { username } }")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_passwords_are_validated_and_hashed(settings):
    names = [v["NAME"].rsplit(".", 1)[1] for v in settings.AUTH_PASSWORD_VALIDATORS]
    assert names == [
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    ]
    assert django_eval("settings.PASSWORD_HASHERS[0]").endswith("PBKDF2PasswordHasher")
