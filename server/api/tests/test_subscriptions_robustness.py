"""Subscriptions under load and abuse, against a real Daphne process: coalescing, limits,
abrupt disconnects, several server processes over Redis, Redis going away."""

from __future__ import annotations

import asyncio
import shutil
import socket
import subprocess
import time

import pytest

from api.tests.test_subscriptions import EVENTS, STATS, STATS_QUERY, create, update
from testing.live_server import LiveServer, fresh_database
from testing.ports import free_port
from testing.ws_client import WSClient

pytestmark = pytest.mark.asyncio


async def test_a_burst_of_200_changes_gives_few_stats_pushes_and_ends_on_the_latest(server, ws):
    op = await ws.subscribe(STATS)
    await ws.next(op)
    ticket = await create(server)
    pushes = [(time.monotonic(), (await ws.next(op))["ticketStats"])]

    started = time.monotonic()
    statuses = ["IN_PROGRESS", "OPEN"]
    set_status = (
        "mutation($id: ID!, $s: TicketStatus!) "
        "{ updateTicket(id: $id, input: {status: $s}) { errors { code } } }"
    )

    def burst():
        for i in range(198):
            server.gql(set_status, {"id": ticket["id"], "s": statuses[i % 2]})
        # A state no push during the burst had, so the last push is told apart.
        server.gql(set_status, {"id": ticket["id"], "s": "RESOLVED"})

    writer = asyncio.create_task(asyncio.to_thread(burst))
    await writer
    fresh = (await server.agql(STATS_QUERY))["ticketStats"]
    # Read until the numbers after the burst arrive (a state, not a quiet period).
    while not pushes or pushes[-1][1] != fresh:
        pushes.append((time.monotonic(), (await ws.next(op, timeout=30))["ticketStats"]))
    elapsed = time.monotonic() - started

    # Coalesced: at most one push per 250 ms interval (plus the first and the last), not
    # one per change (199).
    assert len(pushes) <= elapsed / 0.25 + 3, (len(pushes), elapsed)
    assert len(pushes) < 100


async def test_stats_are_computed_once_per_change_for_subscribers_sharing_a_filter(server):
    view = {"filter": {"category": ["ACCOUNT"]}}
    clients = [await WSClient.connect(server.ws_url) for _ in range(10)]
    try:
        ops = [await c.subscribe(STATS, view) for c in clients]
        firsts = [(await c.next(op))["ticketStats"] for c, op in zip(clients, ops, strict=True)]
        before = (await asyncio.to_thread(server.hub))["stats_computations"]

        await create(server, category="ACCOUNT")
        for client, op, first in zip(clients, ops, firsts, strict=True):
            update = (await client.next(op))["ticketStats"]
            assert update["totalTickets"] == first["totalTickets"] + 1
        await create(server, category="GENERAL")  # outside the filter: no computation
        await asyncio.sleep(0.4)
        assert (await asyncio.to_thread(server.hub))["stats_computations"] == before + 1
    finally:
        for client in clients:
            await client.close()


async def test_subscriptions_per_connection_are_capped(server, ws):
    ops = [await ws.subscribe(EVENTS) for _ in range(20)]
    over = await ws.subscribe(EVENTS)
    refused = await ws.message(over)
    assert refused["type"] == "error"
    assert "limit" in str(refused["payload"]).lower()
    await ws.send({"id": ops[0], "type": "complete"})
    await asyncio.sleep(0.1)
    again = await ws.subscribe(STATS)
    assert "ticketStats" in await ws.next(again)


async def test_an_oversized_message_closes_the_socket(server, ws):
    import websockets

    await ws.send({"id": "x", "type": "subscribe", "payload": {"query": "#" * 70_000}})
    with pytest.raises(websockets.ConnectionClosed) as closed:
        await ws.receive(timeout=5)
    # A close frame with 1009 (message too big), as documented, not a dropped connection.
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009


async def test_abrupt_disconnects_leave_nothing_behind(server):
    async def cycle():
        client = await WSClient.connect(server.ws_url)
        events = await client.subscribe(EVENTS)
        stats = await client.subscribe(STATS)
        await client.next(stats)
        assert events
        client.ws.transport.abort()

    async def cycles(n):
        for start in range(0, n, 25):
            await asyncio.gather(*(cycle() for _ in range(min(25, n - start))))

    await cycles(100)  # warm up: first-use allocations are not a leak
    await asyncio.sleep(1)
    before = await asyncio.to_thread(server.hub)
    await cycles(1000)
    await asyncio.sleep(1)
    after = await asyncio.to_thread(server.hub)

    for counter in ("event_filters", "event_subscribers", "stats_filters", "stats_subscribers"):
        assert after[counter] == before[counter] == 0, (counter, before, after)
    assert after["tasks"] <= before["tasks"] + 2, (before, after)
    assert after["rss_kb"] - before["rss_kb"] < 20_000, (before, after)


# Several processes, Redis going away -----------------------------------------------------


class RedisProcess:
    """A private redis-server that a test may stop and start again on the same port."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()


needs_redis_server = pytest.mark.skipif(
    shutil.which("redis-server") is None, reason="needs the redis-server binary"
)


@pytest.fixture(scope="module")
def redis_process():
    redis = RedisProcess()
    redis.start()
    yield redis
    redis.stop()


@pytest.fixture(scope="module")
def two_servers(redis_process):
    with fresh_database() as env:
        env = {**env, "REDIS_URL": redis_process.url}
        servers = [LiveServer(env).start() for _ in range(2)]
        try:
            yield servers
        finally:
            for live in servers:
                live.stop()


@needs_redis_server
async def test_a_mutation_on_one_process_reaches_subscribers_on_the_other(two_servers):
    first, second = two_servers
    on_second = await WSClient.connect(second.ws_url)
    on_first = await WSClient.connect(first.ws_url)
    try:
        events = await on_second.subscribe(EVENTS)
        stats = await on_second.subscribe(STATS)
        local = await on_first.subscribe(EVENTS)
        before = (await on_second.next(stats))["ticketStats"]
        await asyncio.sleep(0.2)

        ticket = await create(first, title="Served by the first process")
        assert (await on_second.next(events))["ticketEvents"]["ticket"] == ticket
        assert (await on_first.next(local))["ticketEvents"]["ticket"] == ticket
        after = (await on_second.next(stats))["ticketStats"]
        assert after["totalTickets"] == before["totalTickets"] + 1

        changed = await update(second, ticket["id"], status="CLOSED")
        assert (await on_first.next(local))["ticketEvents"]["ticket"] == changed
    finally:
        await on_first.close()
        await on_second.close()


@needs_redis_server
async def test_redis_going_away_keeps_writes_and_tells_subscribers(two_servers, redis_process):
    first, second = two_servers
    client = await WSClient.connect(second.ws_url)
    try:
        events = await client.subscribe(EVENTS)
        await asyncio.sleep(0.2)
        redis_process.stop()

        written = await create(first, title="Written while Redis is down")
        told = await client.message(events, timeout=20)
        assert told["type"] == "next" and told["payload"]["errors"], told
        assert told["payload"]["errors"][0]["extensions"]["code"] == "LIVE_UPDATES_INTERRUPTED"
        found = await first.agql(
            "query($id: ID!) { ticket(id: $id) { title } }", {"id": written["id"]}
        )
        assert found["ticket"]["title"] == "Written while Redis is down"

        redis_process.start()
        deadline = time.monotonic() + 30
        while True:  # a client's reconnect loop: the stats' first message says "live"
            probe = await client.subscribe(STATS)
            message = await client.message(probe, timeout=10)
            if message["type"] == "next" and not message["payload"].get("errors"):
                break
            assert time.monotonic() < deadline, message
            await asyncio.sleep(0.5)
        again = await client.subscribe(EVENTS)
        await asyncio.sleep(0.2)
        ticket = await create(first, title="After Redis came back")
        assert (await client.next(again))["ticketEvents"]["ticket"] == ticket
    finally:
        await client.close()
