"""The GraphQL-over-HTTP audits of the npm package graphql-http (serverAudits), run by
node against a real server, anonymously and with an agent's API token: every MUST and
every SHOULD passes.  The script and its pinned packages are in scripts/graphql-http-audit
(`make test` installs them with npm ci)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from testing.live_server import SERVER_DIR, LiveServer

AUDIT_DIR = SERVER_DIR.parent / "scripts" / "graphql-http-audit"


def _run_audit(url: str, token: str | None) -> dict:
    node = shutil.which("node")
    assert node, "node (20 or later) is needed for the graphql-http audit"
    assert (AUDIT_DIR / "node_modules" / "graphql-http").is_dir(), (
        f"run `npm ci` in {AUDIT_DIR} (make test-server does it)"
    )
    command = [node, "audit.mjs", url, "--json", *(["--token", token] if token else [])]
    done = subprocess.run(command, cwd=AUDIT_DIR, capture_output=True, text=True, timeout=300)
    assert done.stdout, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def audit(server) -> dict:
    return _run_audit(server.url + "/graphql", server.token)


# With introspection off (production's default) two audits cannot pass by design: they
# send their variables to `__type(name: $name)`, an introspection field, which is refused.
NEEDS_INTROSPECTION = {"28B9", "2EA1"}


@pytest.mark.parametrize("caller", ["anonymous", "token"])
def test_every_must_and_should_audit_passes(audit, caller):
    results = [r for r in audit["results"] if r["caller"] == caller]
    assert len(results) > 60  # graphql-http 1.23 has 61 audits
    failed = [r for r in results if r["status"] in ("error", "warn")]
    assert failed == [], json.dumps(failed, indent=2)


def test_the_optional_audits_pass_too(audit):
    # MAY audits ("notice" when failed) are optional; today the desk passes them all.
    assert [r for r in audit["results"] if r["status"] == "notice"] == []


def test_the_audit_sends_the_token_and_reports_failures(server):
    # An unknown token is refused (401) on every request, so the MUSTs must fail: the
    # script sends the header and a failing server would not pass unnoticed.
    refused = _run_audit(server.url + "/graphql", "desk_" + "x" * 43)
    musts = [r for r in refused["results"] if r["caller"] == "token" and r["status"] == "error"]
    assert musts and all(r["responseStatus"] == 401 for r in musts)


def test_with_introspection_off_only_the_audits_that_introspect_fail(server):
    with LiveServer({**server.env, "GRAPHQL_INTROSPECTION": "0"}) as closed:
        results = _run_audit(closed.url + "/graphql", closed.token)["results"]
    failed = [r for r in results if r["status"] in ("error", "warn")]
    assert {r["id"] for r in failed} == NEEDS_INTROSPECTION
    assert all("introspection has been disabled" in r["body"] for r in failed)
