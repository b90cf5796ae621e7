"""The `make stack` topology, as compose runs it: two server processes over one Redis and
one database, behind deploy/proxy.py.  HTTP and websocket subscriptions go through the
proxy, which sends consecutive connections to different processes; a ticket created
through the proxy reaches subscribers on both processes."""

from __future__ import annotations

import asyncio
import copy
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from api.subscriptions.testing import LiveServer, WSClient, fresh_database
from api.tests.test_subscriptions import EVENTS, create
from api.tests.test_subscriptions_robustness import RedisProcess, needs_redis_server

REPO = Path(__file__).resolve().parents[3]
pytestmark = [pytest.mark.asyncio, needs_redis_server]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def stack():
    redis = RedisProcess()
    redis.start()
    try:
        with fresh_database() as env:
            env = {**env, "REDIS_URL": redis.url}
            servers = [LiveServer(env).start() for _ in range(2)]
            port = free_port()
            proxy = subprocess.Popen(
                [sys.executable, str(REPO / "deploy/proxy.py"), "--listen", f"127.0.0.1:{port}"]
                + [f"127.0.0.1:{s.port}" for s in servers],
                stdout=subprocess.PIPE,
                text=True,
            )
            try:
                assert proxy.stdout.readline().startswith("proxy on")
                via = copy.copy(servers[0])  # a client of the proxy, with the agent's token
                via.port = port
                yield servers, via
            finally:
                proxy.terminate()
                proxy.wait(10)
                for live in servers:
                    live.stop()
    finally:
        redis.stop()


def get(url: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Host": "localhost"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


def subscribers(server: LiveServer) -> int:
    return server.hub()["event_subscribers"]


async def test_http_and_subscriptions_cross_processes_through_the_proxy(stack):
    servers, via = stack
    before = [subscribers(s) for s in servers]
    first = await WSClient.connect(via.ws_url, token=via.token)
    second = await WSClient.connect(via.ws_url, token=via.token)
    try:
        on_first = await first.subscribe(EVENTS)
        on_second = await second.subscribe(EVENTS)
        await asyncio.sleep(0.3)
        # Round robin: one subscriber on each process.
        assert [subscribers(s) - b for s, b in zip(servers, before, strict=True)] == [1, 1]

        ticket = await create(via, title="Through the proxy")
        assert (await first.next(on_first))["ticketEvents"]["ticket"] == ticket
        assert (await second.next(on_second))["ticketEvents"]["ticket"] == ticket

        for _ in range(2):  # both processes answer readiness through the proxy
            status, headers, body = get(via.url + "/readyz")
            assert status == 200, body
            assert b'"redis": "ok"' in body and b'"database": "ok"' in body
        status, headers, _ = get(via.url + "/auth/csrf")
        assert status == 200 and len(headers["x-request-id"]) == 32
    finally:
        await first.close()
        await second.close()


async def test_the_proxy_skips_a_process_that_is_down(stack):
    servers, via = stack
    status, _, _ = get(via.url + "/healthz")
    assert status == 200
    stopped = servers[1].process
    stopped.terminate()
    stopped.wait(10)
    for _ in range(4):
        assert get(via.url + "/healthz")[0] == 200
