"""Real servers for the live tests and the benchmarks.

``LiveServer`` runs Daphne in a subprocess on a socket bound to an ephemeral port on
127.0.0.1, against a database of its own (``fresh_database``: an SQLite file, or a new
PostgreSQL database next to DATABASE_URL) that the test process never touches: every
read and write goes through the server, as a client's would.  It serves
``testing.live_app`` by default; talk to it with ``testing.ws_client.WSClient``.
Importing this module needs no Django.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

from testing.ws_client import remember_token

SERVER_DIR = Path(__file__).resolve().parents[1]
TOKEN_VARIABLE = "DESK_TEST_AGENT_TOKEN"


def rss_kb(status: Path = Path("/proc/self/status")) -> int:
    """Resident memory of this process (or of the one whose ``status`` file is given)."""
    for line in status.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


# Databases and servers ------------------------------------------------------------------


@contextlib.contextmanager
def fresh_database():
    """Environment variables for a new, migrated database; dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "").strip()
    with tempfile.TemporaryDirectory(prefix="desk-live-") as data_dir:
        env = {"DESK_DATA_DIR": data_dir}
        name = None
        if url:
            import dj_database_url
            import psycopg

            config = dj_database_url.parse(url)
            name = f"desk_live_{uuid.uuid4().hex[:12]}"
            admin = _pg_admin(config, psycopg)
            with admin:
                admin.execute(f'CREATE DATABASE "{name}"')
            env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
        try:
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
                cwd=SERVER_DIR,
                env=server_env(env),
                check=True,
            )
            env[TOKEN_VARIABLE] = _agent_token(env)
            yield env
        finally:
            if name is not None:
                with _pg_admin(config, psycopg) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _agent_token(env: dict) -> str:
    """An agent in the new database, and an API token the tests act with."""
    return create_user_token(env, "live-agent", "agent")


def create_user_token(env: dict, username: str, role: str, password: str | None = None) -> str:
    """A user with ``role`` in fresh_database's database; returns an API token of theirs."""
    created = subprocess.run(
        [
            sys.executable, "manage.py", "create_user", username, "--role", role,
            "--api-token", "live tests",
        ],
        cwd=SERVER_DIR,
        env=server_env({**env, "DESK_USER_PASSWORD": password or uuid.uuid4().hex}),
        check=True,
        capture_output=True,
        text=True,
    )  # fmt: skip
    return created.stdout.strip().splitlines()[-1]


def _pg_admin(config: dict, psycopg):
    return psycopg.connect(
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )


def server_env(extra: dict) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "LOG_LEVEL": "WARNING",
        # The tests and the benchmark write far faster than a person.
        "RATE_LIMIT_CREATE_TICKET": "off",
        "RATE_LIMIT_CLASSIFY": "off",
    }
    env.update(extra)
    return env


class LiveServer:
    """Daphne in a subprocess on 127.0.0.1:<ephemeral port>, serving ``app``."""

    def __init__(self, env: dict, app: str = "testing.live_app:application"):
        self.env = server_env(env)
        # What the tests act as: the agent fresh_database made (None: anonymous).
        self.token: str | None = env.get(TOKEN_VARIABLE)
        self.app = app
        self.process: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(prefix="daphne-", suffix=".log", delete=False)

    def start(self) -> LiveServer:
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(512)
        self.port = sock.getsockname()[1]
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "daphne", "--fd", str(sock.fileno()),
                # No access log: desk.request writes one line per request.
                "--verbosity", "0",
                "--websocket-max-message-size", str(64 * 1024), self.app,
            ],
            cwd=SERVER_DIR,
            env=self.env,
            pass_fds=[sock.fileno()],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        sock.close()
        remember_token(self.ws_url, self.token)
        deadline = time.monotonic() + 30
        while True:
            try:
                self.hub()
                return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start:\n{self.output()}") from None
                time.sleep(0.1)

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")

    def rss_kb(self) -> int:
        """The server process's resident memory, read from outside it."""
        return rss_kb(Path(f"/proc/{self.process.pid}/status"))

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/graphql"

    def request(
        self, path: str, body: dict | None = None, token: str | None = None, **headers: str
    ) -> urllib.request.Request:
        """A JSON POST to ``path`` as the test's agent (or ``token``), with ``headers``
        (underscores for dashes: ``Idempotency_Key="k"``)."""
        sent = {"Content-Type": "application/json", "Host": "localhost"}
        if token or self.token:
            sent["Authorization"] = f"Bearer {token or self.token}"
        sent.update({name.replace("_", "-"): value for name, value in headers.items()})
        return urllib.request.Request(self.url + path, json.dumps(body or {}).encode(), sent)

    def post(self, path: str, body: dict | None = None, token: str | None = None) -> dict:
        with urllib.request.urlopen(self.request(path, body, token), timeout=30) as response:
            return json.load(response)

    def hub(self) -> dict:
        return self.post("/_test/hub")

    def gql(self, query: str, variables: dict | None = None, token: str | None = None) -> dict:
        """An operation over HTTP that must succeed; returns ``data``."""
        body = self.post("/graphql", {"query": query, "variables": variables or {}}, token)
        assert "errors" not in body, body["errors"]
        return body["data"]

    async def agql(self, query: str, variables: dict | None = None, token: str | None = None):
        return await asyncio.to_thread(self.gql, query, variables, token)
