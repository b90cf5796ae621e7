"""Overload and database outages answer JSON: a 503 with Retry-After and SERVICE_UNAVAILABLE
(never Django's HTML 500, never a 10 s wait), a 413 for a body over the limit, and /readyz
within its second.  Real Daphne processes against a PostgreSQL port that is closed, one
that accepts connections but never answers, and (PostgreSQL runs) a pool held busy."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from testing.live_server import LiveServer, fresh_database

UNAVAILABLE = {
    "errors": [
        {
            "message": "The desk is overloaded or its database is unavailable; retry shortly.",
            "extensions": {"code": "SERVICE_UNAVAILABLE"},
        }
    ]
}
ANY_TOKEN = "desk_" + "x" * 43


def call(url: str, body: bytes | None = None, headers: dict | None = None, timeout: float = 30):
    """(status, headers, body, seconds) of one request; errors are answers too."""
    request = urllib.request.Request(
        url, body, {"Content-Type": "application/json", "Host": "localhost", **(headers or {})}
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, answer, content = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, answer, content = error.code, error.headers, error.read()
    return status, answer, content, time.monotonic() - started


def graphql(server: LiveServer, query: str, headers: dict | None = None, **variables):
    body = json.dumps({"query": query, "variables": variables}).encode()
    return call(server.url + "/graphql", body, headers)


def assert_unavailable(status, headers, body, seconds, *, within: float) -> None:
    assert status == 503, body
    assert headers["Content-Type"] == "application/json"
    assert headers["Retry-After"] == "5"
    assert json.loads(body) == UNAVAILABLE
    assert seconds < within, seconds


@contextlib.contextmanager
def server_on(database_url: str, **env):
    with tempfile.TemporaryDirectory(prefix="desk-outage-") as data_dir:
        settings = {"DATABASE_URL": database_url, "DESK_DATA_DIR": data_dir, **env}
        with LiveServer(settings) as live:
            yield live


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# A database that is away ----------------------------------------------------------------


@pytest.fixture(scope="module", params=["pool", "no-pool"])
def away(request):
    url = f"postgres://postgres@127.0.0.1:{_closed_port()}/desk_away"
    pool = {"DB_POOL_TIMEOUT": "1"} if request.param == "pool" else {"DB_POOL_SIZE": "0"}
    with server_on(url, **pool) as live:
        yield live


ME = "{ me { username } }"
LOGIN = 'mutation { login(username: "ada", password: "secret-secret") { errors { code } } }'


def test_a_token_request_is_a_json_503(away):
    answer = graphql(away, ME, {"Authorization": f"Bearer {ANY_TOKEN}"})
    assert_unavailable(*answer, within=5)


def test_a_session_request_is_a_json_503(away):
    query = urllib.parse.urlencode({"query": ME})
    session = "sessionid=" + "s" * 32  # a well-formed key: Django looks it up
    answer = call(f"{away.url}/graphql?{query}", headers={"Cookie": session})
    assert_unavailable(*answer, within=5)
    csrf = {"Cookie": f"{session}; csrftoken={'a' * 32}", "X-CSRFToken": "a" * 32}
    assert_unavailable(*graphql(away, ME, csrf), within=5)


def test_a_database_call_during_execution_is_a_json_503(away):
    # Anonymous, no session: the first database access is login's, inside GraphQL.
    csrf = {"Cookie": "csrftoken=" + "a" * 32, "X-CSRFToken": "a" * 32}
    answer = graphql(away, LOGIN, csrf)
    assert_unavailable(*answer, within=5)


def test_what_needs_no_database_still_answers(away):
    status, _, body, _ = graphql(away, "{ __typename }")
    assert (status, json.loads(body)) == (200, {"data": {"__typename": "Query"}})
    oversized = json.dumps({"query": ME, "pad": "x" * 300_000}).encode()
    status, headers, body, _ = call(away.url + "/graphql", oversized)
    assert status == 413 and headers["Content-Type"] == "application/json"
    assert json.loads(body)["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


def test_readyz_says_the_database_is_away(away):
    status, _, body, seconds = call(away.url + "/readyz")
    assert status == 503
    assert json.loads(body)["checks"]["database"].startswith("OperationalError")
    assert seconds < 1.5, seconds


def test_an_outage_logs_one_warning_not_a_traceback(away):
    graphql(away, ME, {"Authorization": f"Bearer {ANY_TOKEN}"})
    output = away.output()
    assert "Database unavailable: OperationalError" in output
    assert "Traceback" not in output and "Unexpected error" not in output


# A database that hangs ------------------------------------------------------------------


@pytest.fixture(scope="module")
def hanging():
    """A port that accepts connections (the kernel completes them) and never answers."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)
        url = f"postgres://postgres@127.0.0.1:{silent.getsockname()[1]}/desk_hangs"
        with server_on(url, DB_POOL_TIMEOUT="1") as live:
            yield live


def test_readyz_answers_within_a_second_when_the_database_hangs(hanging):
    for _ in range(3):
        status, _, body, seconds = call(hanging.url + "/readyz")
        assert status == 503
        assert json.loads(body)["checks"]["database"].startswith("timeout")
        assert seconds < 1.5, seconds


def test_requests_give_up_after_the_pool_timeout_when_the_database_hangs(hanging):
    answer = graphql(hanging, ME, {"Authorization": f"Bearer {ANY_TOKEN}"})
    assert_unavailable(*answer, within=5)


# A pool held busy (PostgreSQL) ----------------------------------------------------------

POOL_SIZE = 2


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"), reason="the connection pool is PostgreSQL's"
)
def test_an_exhausted_pool_sheds_load_with_a_json_503_quickly():
    import psycopg

    with fresh_database() as env:
        env = {**env, "DB_POOL_SIZE": str(POOL_SIZE), "DB_POOL_TIMEOUT": "1"}
        with LiveServer(env) as live, psycopg.connect(env["DATABASE_URL"]) as locker:
            token = {"Authorization": f"Bearer {live.token}"}
            assert graphql(live, "{ tickets { totalCount } }", token)[0] == 200
            locker.execute("LOCK TABLE tickets_ticket IN ACCESS EXCLUSIVE MODE")
            # POOL_SIZE requests that hold their connection, waiting on the lock.
            held = []
            for _ in range(POOL_SIZE):
                thread = threading.Thread(
                    target=lambda: held.append(graphql(live, "{ tickets { totalCount } }", token))
                )
                thread.start()
            with psycopg.connect(env["DATABASE_URL"], autocommit=True) as watcher:
                deadline = time.monotonic() + 30
                waiting = 0
                while waiting < POOL_SIZE:
                    assert time.monotonic() < deadline, "requests never reached the lock"
                    waiting = watcher.execute(
                        "SELECT count(*) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                    ).fetchone()[0]
                    time.sleep(0.05)
            # Every connection is taken: the next request is refused after DB_POOL_TIMEOUT.
            assert_unavailable(*graphql(live, "{ me { username } }", token), within=3)
            locker.rollback()  # releases the lock: the held requests finish normally
            deadline = time.monotonic() + 30
            while len(held) < POOL_SIZE:
                assert time.monotonic() < deadline
                time.sleep(0.05)
            assert [answer[0] for answer in held] == [200] * POOL_SIZE
            assert graphql(live, "{ me { username } }", token)[0] == 200


@pytest.mark.parametrize(
    "message",
    ["unable to open database file", "disk I/O error", "database is locked"],
)
def test_an_sqlite_file_that_cannot_serve_is_an_outage(message):
    import sqlite3

    from django.db import OperationalError

    from api.outages import is_database_unavailable

    wrapped = OperationalError(message)
    wrapped.__cause__ = sqlite3.OperationalError(message)
    assert is_database_unavailable(wrapped)
    other = OperationalError("no such table: x")
    other.__cause__ = sqlite3.OperationalError("no such table: x")
    assert not is_database_unavailable(other)


@pytest.mark.django_db
def test_a_bug_outside_execution_still_answers_json_and_logs_its_traceback(
    gql, monkeypatch, caplog
):
    def broken(header):
        raise RuntimeError("a bug")

    monkeypatch.setattr("api.views.bearer_secret", broken)
    response = gql.post("{ me { username } }")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    assert "a bug" not in response.content.decode()
    assert any(record.exc_info for record in caplog.records if record.name == "api.views")
