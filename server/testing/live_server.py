"""Real servers and a real websocket client, for the subscription tests and the benchmark.

``LiveServer`` runs Daphne in a subprocess on a socket bound to an ephemeral port on
127.0.0.1, against a database of its own (``fresh_database``: an SQLite file, or a new
PostgreSQL database next to DATABASE_URL) that the test process never touches: every
read and write goes through the server, as a client's would.  ``application`` is the
desk's ASGI app plus two routes only tests use: a write that is rolled back, and the
hub's counters.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import defaultdict, deque
from pathlib import Path

SERVER_DIR = Path(__file__).resolve().parents[2]
TOKEN_VARIABLE = "DESK_TEST_AGENT_TOKEN"
# The token each started LiveServer's tests act with, by websocket URL.
_credentials: dict[str, str | None] = {}
TRANSPORT_WS = "graphql-transport-ws"
LEGACY_WS = "graphql-ws"


# The test-only ASGI app (imported by the server subprocess) -----------------------------


def _build_application():
    from channels.db import database_sync_to_async
    from django.db import transaction

    from config.asgi import application as desk_application  # sets Django up first
    from tickets.live.hub import get_hub
    from tickets.services import create_ticket

    class RolledBack(Exception):
        pass

    def rolled_back_write() -> None:
        with contextlib.suppress(RolledBack), transaction.atomic():
            create_ticket(title="Rolled back", description="Never committed", category="billing")
            raise RolledBack

    async def respond(send, body: dict) -> None:
        payload = json.dumps(body).encode()
        headers = [(b"content-type", b"application/json")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": payload})

    async def app(scope, receive, send):
        path = scope.get("path", "")
        if scope["type"] == "http" and path == "/_test/rolled-back-write":
            await database_sync_to_async(rolled_back_write)()
            return await respond(send, {"ok": True})
        if scope["type"] == "http" and path == "/_test/hub":
            hub = get_hub()
            return await respond(
                send,
                {
                    **hub.sizes(),
                    "tasks": len(asyncio.all_tasks()),
                    "rss_kb": _rss_kb(),
                    "cpu_seconds": time.process_time(),
                    "events_received": hub.events_received,
                    "stats_computations": hub.stats_computations,
                },
            )
        return await desk_application(scope, receive, send)

    return app


def _rss_kb(status: Path = Path("/proc/self/status")) -> int:
    for line in status.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def __getattr__(name: str):
    # Built on first access so importing this module (for the client) needs no Django.
    if name == "application":
        return _build_application()
    raise AttributeError(name)


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

    def __init__(self, env: dict, app: str = "api.subscriptions.testing:application"):
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
        _credentials[self.ws_url] = self.token
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
        return _rss_kb(Path(f"/proc/{self.process.pid}/status"))

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


# The websocket client -------------------------------------------------------------------


class WSClient:
    """A GraphQL websocket client (graphql-transport-ws, or legacy graphql-ws)."""

    _ids = itertools.count(1)

    def __init__(self, ws, protocol: str):
        self.ws = ws
        self.protocol = protocol
        self.buffers: dict[str, deque] = defaultdict(deque)

    @classmethod
    async def connect(
        cls, url: str, protocol: str = TRANSPORT_WS, *, token: str | None = None, **kwargs
    ) -> WSClient:
        """Connected and acknowledged, authenticated with ``token`` in connection_init
        (by default the token of the LiveServer at ``url``)."""
        import websockets

        token = token or _credentials.get(url)
        ws = await websockets.connect(url, subprotocols=[protocol], **kwargs)
        client = cls(ws, protocol)
        payload = {"token": token} if token else {}
        await client.send({"type": "connection_init", "payload": payload})
        ack = await client.receive()
        assert ack["type"] == "connection_ack", ack
        return client

    async def send(self, message: dict) -> None:
        await self.ws.send(json.dumps(message))

    async def receive(self, timeout: float = 10) -> dict:
        while True:
            message = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
            if message["type"] not in ("ka", "ping", "pong"):
                return message

    async def subscribe(self, query: str, variables: dict | None = None) -> str:
        op_id = str(next(self._ids))
        kind = "subscribe" if self.protocol == TRANSPORT_WS else "start"
        payload = {"query": query, "variables": variables or {}}
        await self.send({"id": op_id, "type": kind, "payload": payload})
        return op_id

    async def message(self, op_id: str, timeout: float = 10) -> dict:
        """The next message for this operation (others are kept for their readers)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while not self.buffers[op_id]:
            remaining = deadline - asyncio.get_running_loop().time()
            message = await self.receive(max(remaining, 0.001))
            self.buffers[message.get("id", "")].append(message)
        return self.buffers[op_id].popleft()

    async def next(self, op_id: str, timeout: float = 10) -> dict:
        """The data of the operation's next result."""
        message = await self.message(op_id, timeout)
        assert message["type"] in ("next", "data"), message
        assert not message["payload"].get("errors"), message
        return message["payload"]["data"]

    async def nothing_for(self, op_id: str, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            message = await self.message(op_id, seconds)
            raise AssertionError(f"unexpected message {message}")

    async def close(self) -> None:
        await self.ws.close()


class RawSocket:
    """A websocket spoken by hand, as a hostile client would: frames are written without
    reading what the server sends, and close frames are not answered."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
        self.reader = reader
        self.writer = writer

    @classmethod
    async def connect(cls, url: str, protocol: str = TRANSPORT_WS) -> RawSocket:
        import base64

        host, _, rest = url.removeprefix("ws://").partition("/")
        address, _, port = host.partition(":")
        reader, writer = await asyncio.open_connection(address, int(port))
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write(
            (
                f"GET /{rest} HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                f"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: {protocol}\r\n\r\n"
            ).encode()
        )
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        assert head.startswith(b"HTTP/1.1 101"), head
        return cls(reader, writer)

    def write(self, data: str | bytes, opcode: int = 0x1) -> None:
        """One masked frame (text by default), queued without waiting for the server."""
        payload = data.encode() if isinstance(data, str) else data
        size = len(payload)
        if size < 126:
            header = bytes([0x80 | opcode, 0x80 | size])
        elif size < 1 << 16:
            header = bytes([0x80 | opcode, 0x80 | 126]) + size.to_bytes(2, "big")
        else:
            header = bytes([0x80 | opcode, 0x80 | 127]) + size.to_bytes(8, "big")
        self.writer.write(header + b"\0\0\0\0" + payload)  # a zero mask: payload as is

    async def drain(self) -> None:
        with contextlib.suppress(ConnectionError):
            await self.writer.drain()

    async def close_code(self, timeout: float = 10) -> int | None:
        """Reads the server's frames up to its close frame: its code (None: the
        connection ended without one)."""

        async def read() -> int | None:
            while True:
                try:
                    first, second = await self.reader.readexactly(2)
                    size = second & 0x7F
                    if size == 126:
                        size = int.from_bytes(await self.reader.readexactly(2), "big")
                    elif size == 127:
                        size = int.from_bytes(await self.reader.readexactly(8), "big")
                    payload = await self.reader.readexactly(size)
                except (asyncio.IncompleteReadError, ConnectionError):
                    return None
                if first & 0x0F == 0x8:
                    return int.from_bytes(payload[:2], "big") if len(payload) >= 2 else 1005

        return await asyncio.wait_for(read(), timeout)

    def abort(self) -> None:
        self.writer.transport.abort()
