"""Live updates and Redis itself, on a private redis-server that the tests stop and start:
no event lost after a restart, nothing interrupted later, nothing left behind, a failed
publish told to readers, and a flat number of Redis connections however many sockets
and requests come and go."""

from __future__ import annotations

import asyncio
import time

import pytest
import redis

from api.tests.test_subscriptions import EVENTS, STATS, create
from api.tests.test_subscriptions_robustness import RedisProcess, needs_redis_server
from testing.live_server import LiveServer, fresh_database
from testing.ws_client import WSClient
from tickets.events import EventKind, TicketEvent
from tickets.live import log as live_log
from tickets.live.log import RedisLog
from tickets.tests.snapshots import a_snapshot

pytestmark = [pytest.mark.asyncio, needs_redis_server]


@pytest.fixture
def redis_process():
    process = RedisProcess()
    process.start()
    yield process
    process.stop()


def connected_clients(process: RedisProcess) -> int:
    """Clients of the private Redis other than this probe."""
    with redis.Redis(port=process.port) as probe:
        return probe.info("clients")["connected_clients"] - 1


async def until_live_again(client: WSClient) -> None:
    """A client's reconnect loop: the stats' first message says the hub reads again."""
    deadline = time.monotonic() + 30
    while True:
        probe = await client.subscribe(STATS)
        message = await client.message(probe, timeout=10)
        if message["type"] == "next" and not message["payload"].get("errors"):
            await client.send({"id": probe, "type": "complete"})
            return
        assert time.monotonic() < deadline, message
        await asyncio.sleep(0.5)


async def test_a_redis_restart_loses_no_later_event_and_leaves_nothing_behind(redis_process):
    with fresh_database() as env:
        env = {**env, "REDIS_URL": redis_process.url}
        with LiveServer(env) as first, LiveServer(env) as second:
            client = await WSClient.connect(second.ws_url)
            try:
                events = await client.subscribe(EVENTS)
                await asyncio.sleep(0.2)
                # Several writes at once leave several connections in the first
                # server's pool: all of them die with the restart.
                warm = await asyncio.gather(*(create(first, title=f"Warm {n}") for n in range(6)))
                received = {(await client.next(events))["ticketEvents"]["ticket"]["id"]
                            for _ in warm}  # fmt: skip
                assert received == {ticket["id"] for ticket in warm}

                redis_process.stop()
                told = await client.message(events, timeout=20)
                assert told["payload"]["errors"][0]["extensions"]["code"] == (
                    "LIVE_UPDATES_INTERRUPTED"
                )
                redis_process.start()
                await until_live_again(client)

                again = await client.subscribe(EVENTS)
                await asyncio.sleep(0.2)
                after = await asyncio.gather(*(create(first, title=f"After {n}") for n in range(6)))
                received = {(await client.next(again))["ticketEvents"]["ticket"]["id"]
                            for _ in after}  # fmt: skip
                assert received == {ticket["id"] for ticket in after}

                # A healthy Redis interrupts nobody later: past several blocking reads
                # and the pools' health checks, the subscription still delivers.
                await client.nothing_for(again, live_log.READ_BLOCK_SECONDS * 3 + 2)
                last = await create(second, title="Still live")
                assert (await client.next(again))["ticketEvents"]["ticket"]["id"] == last["id"]
            finally:
                await client.close()

    with redis.Redis(port=redis_process.port) as probe:
        live_keys = {key.decode() for key in probe.keys("*") if b":live:" in key}
        assert live_keys == {"desk:live:events", "desk:live:seq"}
        assert probe.xlen("desk:live:events") == 7
    deadline = time.monotonic() + 10
    while connected_clients(redis_process):  # the servers' connections close with them
        assert time.monotonic() < deadline
        await asyncio.sleep(0.05)


def _event(number: int) -> TicketEvent:
    return TicketEvent(EventKind.CREATED, a_snapshot(id=number, title=f"t{number}"))


async def test_a_publish_that_failed_is_a_gap_for_readers_that_were_reading(redis_process):
    log = RedisLog(redis_process.url, f"gap{time.time_ns()}", 100)
    reading = log.reader()
    await reading.open()
    await asyncio.to_thread(log.append, _event(1))
    assert [seq for seq, _, _ in await reading.read()] == [1]
    await reading.close()

    redis_process.stop()
    with pytest.raises(redis.ConnectionError):
        await asyncio.to_thread(log.append, _event(2))
    redis_process.start()
    later = log.reader()
    assert await later.open() == 0  # the counter restarted with Redis
    await asyncio.to_thread(log.append, _event(3))

    # Event 3 takes number 2: number 1 (event 2) was lost.  A reader that was reading
    # during the loss has a gap; one opened after it has none.
    assert [(seq, excused) for seq, excused, _ in await later.read()] == [(2, 1)]
    await later.close()
    read = await _read_from(log, "0-0", opened_ms=reading._opened_ms)
    assert [(seq, excused) for seq, excused, _ in read] == [(2, 0)]


async def test_an_event_this_server_cannot_read_is_a_missed_event(redis_process):
    """A message written by a server of another version (an unknown snapshot field) is
    skipped by number, not by failing the log: the hub counts it as missed."""
    log = RedisLog(redis_process.url, f"unreadable{time.time_ns()}", 100)
    reading = log.reader()
    await reading.open()
    await asyncio.to_thread(log.append, _event(1))
    with redis.Redis(port=redis_process.port) as raw:
        seq = raw.incr(log.counter)
        raw.xadd(log.stream, {"seq": seq, "event": '{"type": "ticket.event", "kind": "NEW"}'})
    await asyncio.to_thread(log.append, _event(3))
    read = await reading.read()
    await reading.close()
    assert [(seq, event is None) for seq, _, event in read] == [(1, False), (2, True), (3, False)]


async def _read_from(log: RedisLog, position: str, opened_ms: int):
    reader = log.reader()
    reader._id, reader._opened_ms = position, opened_ms
    try:
        return await reader.read()
    finally:
        await reader.close()


async def test_redis_connections_stay_flat_as_sockets_and_requests_come_and_go(redis_process):
    with fresh_database() as env:
        with LiveServer({**env, "REDIS_URL": redis_process.url}) as server:
            warm = await WSClient.connect(server.ws_url)
            await warm.next(await warm.subscribe(STATS))
            await server.agql("{ ticketStats { totalTickets } }")
            baseline = connected_clients(redis_process)
            assert baseline <= 4, baseline

            # Connections follow the work done at once (here at most 4 requests), never
            # the number of sockets or requests (before the pools were shared: 204-251).
            at_once = asyncio.Semaphore(4)

            async def request():
                async with at_once:
                    await server.agql("{ ticketStats { totalTickets } }")

            rounds = []
            for _round in range(3):
                sockets = await asyncio.gather(
                    *(WSClient.connect(server.ws_url) for _ in range(200))
                )
                for client in sockets:
                    await client.subscribe(EVENTS)
                await create(server, title="Seen by 200 sockets")
                while_open = connected_clients(redis_process)
                for client in sockets:
                    await client.close()
                await asyncio.gather(*(request() for _ in range(100)))
                rounds.append((while_open, connected_clients(redis_process)))
            assert all(count <= baseline + 12 for pair in rounds for count in pair), rounds
            await warm.close()
