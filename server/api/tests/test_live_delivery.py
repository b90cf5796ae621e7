"""The delivery guarantee of live updates, proven by overloading on purpose: every
subscriber gets every event that matches it, or its stream ends with
LIVE_UPDATES_INTERRUPTED (docs/live-updates.md#delivery-guarantee).

Real Daphne processes and a real websocket client.  Without REDIS_URL one process (the
in-memory log); with REDIS_URL two processes sharing it (the Redis stream).  A server's
``/_test/write-while-stalled`` (``api.tests.live_stall_app``) writes tickets while it
holds its own event loop, so its hub falls further behind than the log keeps.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import time

import pytest

from api.tests.test_subscriptions import EVENTS, create
from testing.live_server import LiveServer, fresh_database
from testing.ws_client import WSClient

pytestmark = pytest.mark.asyncio

APP = "api.tests.live_stall_app:application"
LOG_LENGTH = 100
INTERRUPTED = "LIVE_UPDATES_INTERRUPTED"


@pytest.fixture(scope="module")
def servers():
    """One server (in-memory log), or two sharing REDIS_URL under a prefix of their own."""
    shared_redis = bool(os.environ.get("REDIS_URL", "").strip())
    extra = {"LIVE_LOG_LENGTH": str(LOG_LENGTH), "LIVE_EVENT_QUEUE_SIZE": "1000"}
    if shared_redis:
        extra["CHANNEL_LAYER_PREFIX"] = f"delivery{time.time_ns()}"
    with fresh_database() as env:
        started = []
        try:
            for _ in range(2 if shared_redis else 1):
                started.append(LiveServer({**env, **extra}, app=APP).start())
            yield started
        finally:
            for server in started:
                server.stop()


async def subscribed(server, count: int, variables: dict | None = None):
    clients = [await WSClient.connect(server.ws_url) for _ in range(count)]
    return [(client, await client.subscribe(EVENTS, variables)) for client in clients]


async def until_live(subscribers, servers, category: str = "GENERAL") -> None:
    """Waits until every subscription is attached: a probe ticket reaches each."""
    probe = await create(servers[0], title=f"Probe {time.time_ns()}", category=category)
    for client, op in subscribers:
        while (await client.next(op))["ticketEvents"]["ticket"]["id"] != probe["id"]:
            pass


async def outcome(client, op, expected: set[str], timeout: float = 30) -> tuple[set[str], bool]:
    """The titles this subscriber received until it had all of ``expected`` or was told
    it missed events (then True).  Neither within ``timeout``: the test fails."""
    received: set[str] = set()
    while not expected <= received:
        message = await client.message(op, timeout)
        assert message["type"] in ("next", "data"), message
        if message["payload"].get("errors"):
            assert message["payload"]["errors"][0]["extensions"]["code"] == INTERRUPTED, message
            return received, True
        received.add(message["payload"]["data"]["ticketEvents"]["ticket"]["title"])
    return received, False


async def close_all(subscribers) -> None:
    for client, _op in subscribers:
        await client.close()


async def test_a_hub_that_falls_behind_tells_its_subscribers_and_others_get_everything(servers):
    stalled, others = servers[-1], servers[:-1]
    on_stalled = await subscribed(stalled, 4) + await subscribed(
        stalled, 2, {"filter": {"category": ["BILLING"]}}
    )
    elsewhere = list(
        itertools.chain.from_iterable([await subscribed(server, 4) for server in others])
    )
    try:
        await until_live(on_stalled + elsewhere, servers, category="BILLING")

        written = await asyncio.to_thread(
            stalled.post, f"/_test/write-while-stalled?count={LOG_LENGTH + 50}"
        )
        titles = set(written["titles"])
        assert len(titles) == LOG_LENGTH + 50

        for client, op in on_stalled:
            # Told even under a filter none of the missed tickets matched: the hub
            # cannot know what the events it never read were.
            received, told = await outcome(client, op, titles)
            assert told and not titles <= received
        for client, op in elsewhere:
            received, told = await outcome(client, op, titles)
            assert not told and titles <= received
        assert (await asyncio.to_thread(stalled.post, "/_test/gaps"))["gaps"] >= 1

        # The client's answer: subscribe again (and refetch); live again at once.
        client, _ = on_stalled[0]
        again = await client.subscribe(EVENTS)
        await asyncio.sleep(0.2)
        ticket = await create(servers[0], title="After the stall")
        assert (await client.next(again))["ticketEvents"]["ticket"]["id"] == ticket["id"]
    finally:
        await close_all(on_stalled + elsewhere)


async def test_under_load_every_subscriber_gets_every_ticket_or_is_told(servers):
    views = [None, {"filter": {"category": ["GENERAL"]}}, {"filter": {"category": ["TECHNICAL"]}}]
    subscribers = []
    for server, view in itertools.product(servers, views):
        subscribers += [(s, view) for s in await subscribed(server, 4 if view is None else 3)]
    pairs = [pair for pair, _ in subscribers]
    try:
        for category in ("GENERAL", "TECHNICAL"):
            await until_live([p for p, v in subscribers if v is None or category in str(v)],
                             servers, category)  # fmt: skip
        categories = itertools.cycle(["GENERAL", "TECHNICAL", "BILLING"])
        jobs = [(f"Load {time.time_ns()} {n}", next(categories)) for n in range(120)]
        targets = itertools.cycle(servers)

        async def writer(part):
            for title, category in part:
                await create(next(targets), title=title, category=category)

        async def stall_midway():
            await asyncio.sleep(0.5)
            path = f"/_test/write-while-stalled?count={LOG_LENGTH + 20}"
            return (await asyncio.to_thread(servers[-1].post, path))["titles"]

        *_, stalled_titles = await asyncio.gather(
            *(writer(jobs[i::4]) for i in range(4)), stall_midway()
        )
        created = {title: category for title, category in jobs}
        created.update(dict.fromkeys(stalled_titles, "GENERAL"))

        told = 0
        for (client, op), view in subscribers:
            wanted = view["filter"]["category"] if view else None
            expected = {t for t, c in created.items() if wanted is None or c in wanted}
            received, interrupted = await outcome(client, op, expected)
            assert interrupted or expected <= received
            told += interrupted
        assert told >= len(views)  # at least the stalled server's subscribers were told
    finally:
        await close_all(pairs)
