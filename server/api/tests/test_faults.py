"""Faults while writing, as an operator meets them: two server processes sharing a
database and a private Redis, writers creating tickets with idempotency keys (a client
that retries an unanswered create on the other server), subscribers on both servers,
and meanwhile one server killed with SIGKILL, Redis killed and restarted, and the
database away for a few seconds.

What must hold: every acknowledged ticket is in the database, no key made two tickets,
the statistics agree with a recount of the tickets, and every subscriber either got
every ticket acknowledged while it listened or was told it missed some (its stream
ended with LIVE_UPDATES_INTERRUPTED, or its server went away and closed the socket).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field

import pytest
import websockets

from api.tests.test_subscriptions_robustness import RedisProcess, needs_redis_server
from api.tests.test_ws_outage import database_away
from testing.live_server import LiveServer, fresh_database
from testing.ws_client import WSClient

pytestmark = [pytest.mark.asyncio, needs_redis_server]

WRITERS = 6
CREATE = (
    "mutation($title: String!) { createTicket(input: {title: $title, "
    'description: "Written while faults are injected", category: BILLING, priority: LOW}) '
    "{ ticket { id title } errors { code message } } }"
)
EVENTS = "subscription { ticketEvents { kind ticket { id title } } }"
PAGE = (
    "query($after: String) { tickets(first: 100, after: $after) { "
    "edges { node { id title status } } pageInfo { hasNextPage endCursor } } }"
)
STATS = "{ ticketStats { totalTickets openTickets byStatus { status count } } }"
INTERRUPTED = "LIVE_UPDATES_INTERRUPTED"


@dataclass
class Ledger:
    """What the writers were told: acknowledged tickets, and answers they retried."""

    acked: dict[str, str] = field(default_factory=dict)  # key -> ticket id
    acked_at: dict[str, float] = field(default_factory=dict)
    retried: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def post_create(server: LiveServer, key: str) -> dict:
    body = {"query": CREATE, "variables": {"title": f"fault {key}"}}
    request = server.request("/graphql", body, Idempotency_Key=key)
    with urllib.request.urlopen(request, timeout=15) as response:
        return json.load(response)


def writer(servers: list[LiveServer], ledger: Ledger, stop: threading.Event, n: int) -> None:
    try:
        write(servers, ledger, stop, n)
    except Exception as exc:  # noqa: BLE001 - reported by the test, not lost in a thread
        with ledger.lock:
            ledger.failures.append(repr(exc)[:2000])


def write(servers: list[LiveServer], ledger: Ledger, stop: threading.Event, n: int) -> None:
    """Creates tickets until told to stop; an unanswered or refused create is retried
    with the same key on the next server until it is acknowledged."""
    turn = n
    while not stop.is_set():
        key = uuid.uuid4().hex
        while True:
            server = servers[turn % len(servers)]
            turn += 1
            try:
                payload = post_create(server, key)["data"]["createTicket"]
                assert payload["errors"] == [], payload
                with ledger.lock:
                    ledger.acked[key] = payload["ticket"]["id"]
                    ledger.acked_at[key] = time.monotonic()
                break
            except (OSError, urllib.error.URLError, TimeoutError) as exc:
                # A dead server, a 503 while the database is away: the same key again.
                if isinstance(exc, urllib.error.HTTPError):
                    assert exc.code == 503, exc.read()
                    assert exc.headers["Content-Type"].startswith("application/")
                    assert json.load(exc)["errors"][0]["extensions"]["code"]
                with ledger.lock:
                    ledger.retried[type(exc).__name__] += 1
                time.sleep(0.1)


@dataclass
class Listener:
    client: WSClient
    op: str
    since: float
    titles: set[str] = field(default_factory=set)
    told: str | None = None

    async def listen(self) -> None:
        try:
            while True:
                message = await self.client.message(self.op, timeout=120)
                errors = message["payload"].get("errors")
                if errors:
                    assert errors[0]["extensions"]["code"] == INTERRUPTED, message
                    self.told = INTERRUPTED
                    return
                self.titles.add(message["payload"]["data"]["ticketEvents"]["ticket"]["title"])
        except websockets.ConnectionClosed:
            self.told = "closed"


def all_tickets(server: LiveServer) -> list[dict]:
    tickets, after = [], None
    while True:
        page = server.gql(PAGE, {"after": after})["tickets"]
        tickets += [edge["node"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return tickets
        after = page["pageInfo"]["endCursor"]


async def test_acknowledged_writes_survive_faults_and_subscribers_are_never_left_unaware():
    redis = RedisProcess()
    redis.start()
    try:
        with fresh_database() as env:
            env = {**env, "REDIS_URL": redis.url}
            with LiveServer(env) as doomed, LiveServer(env) as survivor:
                await run_faults(env, doomed, survivor, redis)
    finally:
        redis.stop()


async def run_faults(env, doomed: LiveServer, survivor: LiveServer, redis: RedisProcess):
    listeners = []
    for server in (doomed, survivor, doomed, survivor):
        client = await WSClient.connect(server.ws_url)
        listeners.append(Listener(client, await client.subscribe(EVENTS), time.monotonic()))
    await asyncio.sleep(0.5)
    tasks = [asyncio.create_task(listener.listen()) for listener in listeners]

    ledger, stop = Ledger(), threading.Event()
    threads = [
        threading.Thread(target=writer, args=([doomed, survivor], ledger, stop, n))
        for n in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    try:
        await asyncio.sleep(1.5)
        doomed.process.kill()  # SIGKILL: no goodbye to anyone
        await asyncio.sleep(1.5)
        redis.stop()
        await asyncio.sleep(1.5)
        redis.start()
        await asyncio.sleep(1.5)
        with database_away(env):
            await asyncio.sleep(3)
        await asyncio.sleep(2)
    finally:
        stop.set()
        for thread in threads:
            await asyncio.to_thread(thread.join, 60)
    ended = time.monotonic()
    assert ledger.failures == []

    # Every acknowledged ticket is there, once per key, and the counts agree.
    tickets = await asyncio.to_thread(all_tickets, survivor)
    by_title = Counter(ticket["title"] for ticket in tickets)
    assert max(by_title.values()) == 1, by_title.most_common(3)
    ids = {ticket["id"] for ticket in tickets}
    assert set(ledger.acked.values()) <= ids
    assert len(ledger.acked) > 20, ledger
    stats = (await survivor.agql(STATS))["ticketStats"]
    assert stats["totalTickets"] == len(tickets)
    by_status = Counter(ticket["status"] for ticket in tickets)
    assert {row["status"]: row["count"] for row in stats["byStatus"]} == {
        status: by_status.get(status, 0) for status in ("OPEN", "IN_PROGRESS", "RESOLVED", "CLOSED")
    }
    # The faults happened: clients had to retry through each of them.
    assert sum(ledger.retried.values()) > 0, ledger.retried

    # Every subscriber got every ticket acknowledged while it listened, or was told.
    await asyncio.sleep(2)
    for listener, task in zip(listeners, tasks, strict=True):
        expected = {f"fault {key}" for key, at in ledger.acked_at.items() if at < ended}
        if listener.told is None:
            deadline = time.monotonic() + 30
            while not expected <= listener.titles and listener.told is None:
                assert time.monotonic() < deadline, (len(expected - listener.titles), listener)
                await asyncio.sleep(0.2)
        task.cancel()
        assert listener.told is not None or expected <= listener.titles
        with_told = listener.told or "everything"
        print(f"subscriber: {len(listener.titles)} events, then {with_told}")
    assert all(listener.told == "closed" for listener in listeners[0::2])
    for listener in listeners:
        await listener.client.close()
