"""A websocket opened while the database is away gets a close that says "try again later"
(1013, which graphql-ws clients retry) within the init timeout, never silence; once the
database is back, sockets are accepted again."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from pathlib import Path

import pytest
import websockets

from testing.live_server import LiveServer, fresh_database
from testing.ws_client import LEGACY_WS, TRANSPORT_WS, WSClient

pytestmark = pytest.mark.asyncio

INIT_TIMEOUT = 3


@contextlib.contextmanager
def database_away(env: dict):
    """New database connections fail until the block ends: PostgreSQL refuses them (and
    ends the open ones); SQLite's directory is moved away."""
    url = env.get("DATABASE_URL")
    if url:
        import psycopg

        name = url.rsplit("/", 1)[1]
        admin_url = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [name],
            )
            try:
                yield
            finally:
                admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
    else:
        data_dir = Path(env["DESK_DATA_DIR"])
        away = data_dir.with_name(data_dir.name + "-away")
        data_dir.rename(away)
        try:
            yield
        finally:
            away.rename(data_dir)


async def close_code_of_init(
    server: LiveServer, protocol: str, cookie: str | None = None
) -> tuple[int, list[dict]]:
    """Opens a socket and sends connection_init with a valid token (or, given a session
    cookie, no payload): the close code, and the messages before it."""
    headers = {"Cookie": cookie} if cookie else None
    payload = None if cookie else {"token": server.token}
    async with websockets.connect(
        server.ws_url, subprotocols=[protocol], additional_headers=headers
    ) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
        messages = []
        with pytest.raises(websockets.ConnectionClosed) as closed:
            while True:
                messages.append(json.loads(await asyncio.wait_for(ws.recv(), INIT_TIMEOUT + 5)))
        assert closed.value.rcvd is not None, closed.value
        return closed.value.rcvd.code, messages


async def test_a_socket_opened_while_the_database_is_away_is_closed_with_1013():
    with fresh_database() as env:
        with LiveServer({**env, "GRAPHQL_WS_INIT_TIMEOUT": str(INIT_TIMEOUT)}) as server:
            with database_away(env):
                started = time.monotonic()
                code, messages = await close_code_of_init(server, TRANSPORT_WS)
                assert (code, messages) == (1013, [])
                code, messages = await close_code_of_init(server, LEGACY_WS)
                assert code == 1013
                assert [m["type"] for m in messages] == ["connection_error"]
                assert time.monotonic() - started < 2 * (INIT_TIMEOUT + 1)
                # A session cookie is looked up at connection_init too, not at the
                # handshake (where the failure would cut the socket without an answer).
                code, messages = await close_code_of_init(
                    server, TRANSPORT_WS, cookie="sessionid=" + "s" * 32
                )
                assert (code, messages) == (1013, [])

            deadline = time.monotonic() + 30
            while True:  # a client's reconnect loop: the pool reconnects in the background
                try:
                    client = await WSClient.connect(server.ws_url)
                    break
                except (websockets.ConnectionClosed, AssertionError):
                    assert time.monotonic() < deadline
                    await asyncio.sleep(0.5)
            op = await client.subscribe("{ me { username } }")
            assert await client.next(op) == {"me": {"username": "live-agent"}}
            await client.close()
