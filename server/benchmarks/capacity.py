"""Capacity with live subscribers: HTTP throughput of a realistic mix with and without
websocket subscribers attached, the subscribers' event lag, and memory per subscribed socket.

Runs against the database DATABASE_URL names, as it is (seed it first: ``manage.py
seed_demo --count N``; the run adds tickets and changes statuses there).  REDIS_URL is
required: events cross between the ``--servers`` Uvicorn processes through it.  Each phase
starts the servers afresh (``python -m config.serve serve``: Uvicorn as production
runs it, DEBUG off, one process each), attaches ``--subscribers`` websockets (0 in the baseline
phases) from a separate client process, half ``ticketEvents`` and half ``ticketStats``
with the web client's selections and a few different filters, times ``--fanout`` status
changes sent one at a time with nothing else running (the servers' CPU per update and the
messages delivered per update: with and without subscribers, the difference is the cost of
delivering them), then lets CLIENTS closed-loop HTTP clients (keep-alive, an agent's API
token) send the mix for ``--seconds``:

    45 % ticket lists (four filters, 25 rows, totalCount capped at 10,000)
    25 % ticketStats (three filters, the dashboard's selection)
    20 % status changes of listed tickets, 10 % createTicket

Reported per phase: requests per second, p50/p95 latency, errors, tickets created per
second; the lag of each ``ticketEvents`` message (arrival minus the ticket's ``updatedAt``,
set in the write's transaction just before its commit) and of the unfiltered
``ticketStats`` subscribers (arrival of the first total that includes a created ticket
minus its ``createdAt``); events that never arrived and interrupted streams; RSS growth per
subscribed socket (after the subscribers connected, before load); server CPU per request;
the load average.  ``--server-dir`` twice (e.g. a ``git archive`` of the previous commit)
interleaves the phases of two versions of the server in one run.

    cd server && DATABASE_URL=postgres://…/desk_live_100k REDIS_URL=redis://127.0.0.1:6379/4 \\
        ../.venv/bin/python -m benchmarks.capacity [--clients 5,10,20,50] [--subscribers 200]
        [--seconds 15] [--servers 2] [--server-dir DIR ...]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import datetime
from pathlib import Path

from testing.live_server import SERVER_DIR, create_user_token, rss_kb, server_env
from testing.ports import free_port

TICKET_FIELDS = """
  id createdAt updatedAt status title description category priority
  viewerCan { editText setLabels setStatus }
"""
LIST = (
    "query TicketList($filter: TicketFilter, $first: Int!, $countCap: Int) {"
    " tickets(filter: $filter, first: $first) { totalCount(atMost: $countCap)"
    f" edges {{ node {{ {TICKET_FIELDS} }} }} pageInfo {{ hasNextPage endCursor }} }} }}"
)
STATS_FIELDS = """
  totalTickets openTickets avgTicketsPerDay
  byPriority { priority count } byCategory { category count } byStatus { status count }
  perDay { date count } aiSuggestions { total accepted acceptanceRate }
"""
STATS = (
    f"query Stats($filter: TicketFilter) {{ ticketStats(filter: $filter) {{ {STATS_FIELDS} }} }}"
)
CREATE = (
    "mutation Create($input: CreateTicketInput!) { createTicket(input: $input) {"
    " ticket { id createdAt } errors { code } } }"
)
SET_STATUS = (
    "mutation ChangeTicketStatus($id: ID!, $status: TicketStatus!) {"
    " updateTicket(id: $id, input: {status: $status}) {"
    f" ticket {{ {TICKET_FIELDS} }} errors {{ code }} }} }}"
)
EVENTS_SUBSCRIPTION = (
    "subscription TicketListEvents($filter: TicketFilter) { ticketEvents(filter: $filter) {"
    f" kind matchesFilter ticket {{ {TICKET_FIELDS} }} }} }}"
)
STATS_SUBSCRIPTION = (
    "subscription DashboardStatsLive($filter: TicketFilter) {"
    f" ticketStats(filter: $filter) {{ {STATS_FIELDS} }} }}"
)

LIST_FILTERS = [None, {"status": ["OPEN"]}, {"category": ["BILLING"], "priority": ["HIGH"]},
                {"status": ["OPEN", "IN_PROGRESS"], "category": ["TECHNICAL"]}]  # fmt: skip
STATS_FILTERS = [None, {"status": ["OPEN", "IN_PROGRESS"]}, {"category": ["TECHNICAL"]}]
EVENT_FILTERS = [None, {"status": ["OPEN"]}, {"priority": ["HIGH", "CRITICAL"]},
                 {"category": ["BILLING"]}]  # fmt: skip
STATUSES = ["OPEN", "IN_PROGRESS", "RESOLVED", "CLOSED"]
CATEGORIES = ["BILLING", "TECHNICAL", "ACCOUNT", "GENERAL"]
PRIORITIES = ["LOW", "MEDIUM", "HIGH", "CRITICAL"]
MIX = [("list", 45), ("stats", 25), ("status", 20), ("create", 10)]


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def _moment(text: str) -> float:
    return datetime.fromisoformat(text).timestamp()


# Servers ------------------------------------------------------------------------------


class UvicornServer:
    """One server process as production runs it (``python -m config.serve serve``: the
    deploy checks, then Uvicorn in-process with its options) from ``directory``, a
    server/ tree."""

    def __init__(self, directory: Path, env: dict):
        self.directory = directory
        self.env = env
        self.log = tempfile.NamedTemporaryFile(prefix="uvicorn-", suffix=".log", delete=False)

    def start(self) -> UvicornServer:
        self.port = free_port()
        env = {**self.env, "PORT": str(self.port), "BIND": "127.0.0.1", "WEB_CONCURRENCY": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "config.serve", "serve"],
            cwd=self.directory, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        return self

    def wait_ready(self) -> None:
        deadline = time.monotonic() + 180  # a busy machine
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/readyz", timeout=5)
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start:\n{self.output()}") from None
                time.sleep(0.1)

    def rss_kb(self) -> int:
        return rss_kb(Path(f"/proc/{self.process.pid}/status"))

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/graphql"


# HTTP load ----------------------------------------------------------------------------


async def _post(reader, writer, body: bytes, token: str) -> tuple[int, bytes]:
    writer.write(
        b"POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + f"Authorization: Bearer {token}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = None
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    if length is not None:
        return status, await reader.readexactly(length)
    data = b""
    while True:  # chunked
        size = int((await reader.readuntil(b"\r\n")).strip(), 16)
        data += (await reader.readexactly(size + 2))[:-2]
        if size == 0:
            return status, data


class Load:
    def __init__(self, ports: list[int], token: str, seed: int):
        self.ports = ports
        self.token = token
        self.random = random.Random(seed)
        self.ticket_ids: list[str] = []
        self.latencies: dict[str, list[float]] = {name: [] for name, _ in MIX}
        self.errors: list[str] = []
        self.recording = False

    def _operation(self) -> tuple[str, dict]:
        rnd = self.random
        kind = rnd.choices([n for n, _ in MIX], [w for _, w in MIX])[0]
        if kind == "status" and not self.ticket_ids:
            kind = "list"
        if kind == "list":
            variables = {"filter": rnd.choice(LIST_FILTERS), "first": 25, "countCap": 10000}
            return kind, {"query": LIST, "variables": variables}
        if kind == "stats":
            return kind, {"query": STATS, "variables": {"filter": rnd.choice(STATS_FILTERS)}}
        if kind == "status":
            variables = {"id": rnd.choice(self.ticket_ids), "status": rnd.choice(STATUSES)}
            return kind, {"query": SET_STATUS, "variables": variables}
        ticket = {
            "title": f"Capacity {rnd.randrange(10**9)}",
            "description": "load test",
            "category": rnd.choice(CATEGORIES),
            "priority": rnd.choice(PRIORITIES),
        }
        return kind, {"query": CREATE, "variables": {"input": ticket}}

    async def client(self, port: int, deadline: float) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.monotonic() < deadline:
                kind, body = self._operation()
                started = time.perf_counter()
                status, data = await _post(reader, writer, json.dumps(body).encode(), self.token)
                elapsed = time.perf_counter() - started
                answer = json.loads(data) if status == 200 else {}
                if status != 200 or answer.get("errors"):
                    self.errors.append(f"{kind} {status} {data[:200]!r}")
                elif kind == "list":
                    edges = answer["data"]["tickets"]["edges"]
                    self.ticket_ids = [e["node"]["id"] for e in edges] or self.ticket_ids
                if self.recording:
                    self.latencies[kind].append(elapsed)
        finally:
            writer.close()

    async def run(self, clients: int, warmup: float, seconds: float) -> float:
        """Closed loop: ``clients`` connections spread over the servers; returns the
        measured window's length."""
        start = time.monotonic()
        deadline = start + warmup + seconds
        tasks = [
            asyncio.create_task(self.client(self.ports[i % len(self.ports)], deadline))
            for i in range(clients)
        ]
        await asyncio.sleep(warmup)
        self.recording = True
        began = time.monotonic()
        await asyncio.gather(*tasks)
        self.recording = False
        return time.monotonic() - began


# Subscribers (a process of their own) -------------------------------------------------


def _subscriber_process(conn, urls: list[str], token: str, count: int) -> None:
    asyncio.run(_subscribers(conn, urls, token, count))


async def _subscribers(conn, urls: list[str], token: str, count: int) -> None:
    from testing.ws_client import WSClient

    clients, readers = [], []
    events: list[list[tuple[float, dict]]] = []
    stats: list[tuple[dict | None, list[tuple[float, dict]]]] = []
    interrupted = 0

    async def read(client, received):
        nonlocal interrupted
        async for raw in client.ws:
            at = time.time()
            message = json.loads(raw)
            if message.get("type") == "next":
                payload = message["payload"]
                if payload.get("errors"):
                    interrupted += 1
                else:
                    received.append((at, payload["data"]))
            elif message.get("type") == "error":
                interrupted += 1

    for i in range(count):
        client = await WSClient.connect(urls[i % len(urls)], token=token, open_timeout=60)
        received: list[tuple[float, dict]] = []
        if i % 2 == 0:
            filters = EVENT_FILTERS[(i // 2) % len(EVENT_FILTERS)]
            await client.subscribe(EVENTS_SUBSCRIPTION, {"filter": filters})
            events.append(received)
        else:
            filters = STATS_FILTERS[(i // 2) % len(STATS_FILTERS)]
            await client.subscribe(STATS_SUBSCRIPTION, {"filter": filters})
            stats.append((filters, received))
        clients.append(client)
        readers.append(asyncio.create_task(read(client, received)))
    while any(not received for _, received in stats):
        await asyncio.sleep(0.05)
    conn.send("ready")
    while await asyncio.to_thread(conn.recv) == "count":
        conn.send(sum(len(r) for r in events) + sum(len(r) for _, r in stats))
    # the load is over
    quiet_since, seen = time.monotonic(), 0
    while time.monotonic() - quiet_since < 2:  # stragglers
        await asyncio.sleep(0.2)
        now = sum(len(r) for r in events) + sum(len(r) for _, r in stats)
        if now != seen:
            quiet_since, seen = time.monotonic(), now
    for task in readers:
        task.cancel()
    await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)
    conn.send(_lags(events, stats, interrupted))


def _lags(events, stats, interrupted: int) -> dict:
    event_lags = []
    created: dict[str, float] = {}
    delivered: list[set[str]] = []
    for i, received in enumerate(events):
        unfiltered = EVENT_FILTERS[i % len(EVENT_FILTERS)] is None
        ids = set()
        for at, data in received:
            event = data["ticketEvents"]
            event_lags.append(at - _moment(event["ticket"]["updatedAt"]))
            if event["kind"] == "CREATED":
                created[event["ticket"]["id"]] = _moment(event["ticket"]["createdAt"])
                ids.add(event["ticket"]["id"])
        if unfiltered:
            delivered.append(ids)
    everything = set().union(*delivered) if delivered else set()
    missed = sum(len(everything - ids) for ids in delivered)
    # The k-th ticket created (by createdAt) is in every total from base + k on.
    moments = sorted(created.values())
    stats_lags = []
    for filters, received in stats:
        if filters is not None:
            continue
        base = received[0][1]["ticketStats"]["totalTickets"]
        for k, moment in enumerate(moments, start=1):
            for at, data in received[1:]:
                if data["ticketStats"]["totalTickets"] >= base + k:
                    stats_lags.append(at - moment)
                    break
            else:
                missed += 1
    return {
        "event_lags": event_lags,
        "stats_lags": stats_lags,
        "missed": missed,
        "interrupted": interrupted,
        "created_seen": len(created),
        "messages": sum(len(r) for r in events) + sum(len(r) for _, r in stats),
    }


# Phases -------------------------------------------------------------------------------


def _server_env(options, data_dir: str) -> dict:
    return server_env(
        {
            "DATABASE_URL": os.environ["DATABASE_URL"],
            "REDIS_URL": os.environ["REDIS_URL"],
            "CHANNEL_LAYER_PREFIX": f"capacity{time.time_ns()}",
            "DESK_SERVER": "uvicorn",
            "DESK_DATA_DIR": data_dir,
            "DEBUG": "0",
            "SECRET_KEY": "bench-only",
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": "http://localhost",
            "LOG_LEVEL": options.log_level,
        }
    )


async def phase(directory: Path, clients: int, subscribers: int, token: str, options) -> dict:
    with tempfile.TemporaryDirectory(prefix="desk-capacity-") as data_dir:
        env = _server_env(options, data_dir)
        servers = [UvicornServer(directory, env).start() for _ in range(options.servers)]
        try:
            for server in servers:
                await asyncio.to_thread(server.wait_ready)
            return await _measure(servers, clients, subscribers, token, options)
        finally:
            for server in servers:
                server.stop()


async def _warm(servers: list[UvicornServer], token: str) -> None:
    """Every kind of request and one subscriber of each kind per server, so that what
    the subscribers add is measured, not first imports and the hub."""
    from testing.ws_client import WSClient

    load = Load([s.port for s in servers], token, seed=0)
    await load.run(len(servers) * 2, 0, 1.0)
    for server in servers:
        client = await WSClient.connect(server.ws_url, token=token)
        await client.next(await client.subscribe(STATS_SUBSCRIPTION, {"filter": None}))
        await client.subscribe(EVENTS_SUBSCRIPTION, {"filter": None})
        await asyncio.sleep(0.2)
        await client.close()


async def _measure(servers, clients: int, subscribers: int, token: str, options) -> dict:
    await _warm(servers, token)
    await asyncio.sleep(1)
    rss_before = sum(s.rss_kb() for s in servers)
    context = multiprocessing.get_context("spawn")
    parent, child_end = context.Pipe()
    child = None
    if subscribers:
        child = context.Process(
            target=_subscriber_process,
            args=(child_end, [s.ws_url for s in servers], token, subscribers),
        )
        child.start()
    try:
        return await _measure_with(
            servers, clients, subscribers, token, options, parent, child, rss_before
        )
    finally:
        if child is not None and child.is_alive():
            child.kill()


async def _measure_with(servers, clients, subscribers, token, options, parent, child, rss_before):
    if child is not None:
        if not await asyncio.to_thread(parent.poll, 120):
            raise RuntimeError("subscribers did not connect")
        parent.recv()
        await asyncio.sleep(1)
    rss_subscribed = sum(s.rss_kb() for s in servers)
    fanout = await _fanout(servers, token, options.fanout, parent if child else None)
    cpu_before = sum(s.cpu_seconds() for s in servers)
    load = Load([s.port for s in servers], token, seed=clients)
    window = await load.run(clients, options.warmup, options.seconds)
    cpu = sum(s.cpu_seconds() for s in servers) - cpu_before
    loadavg = Path("/proc/loadavg").read_text().split()[0]
    rss_loaded = sum(s.rss_kb() for s in servers)
    lags = {}
    if child is not None:
        parent.send("done")
        lags = await asyncio.to_thread(parent.recv)
        child.join(30)
    done = sum(len(v) for v in load.latencies.values())
    every = [v for values in load.latencies.values() for v in values]
    return {
        "clients": clients,
        "subscribers": subscribers,
        "rps": done / window,
        "p50": 1000 * statistics.median(every),
        "p95": 1000 * _percentile(every, 0.95),
        "per_kind": {k: 1000 * statistics.median(v) for k, v in load.latencies.items() if v},
        "errors": len(load.errors),
        "first_errors": load.errors[:3],
        "creates": len(load.latencies["create"]) / window,
        "rss_per_socket_kb": (rss_subscribed - rss_before) / subscribers if subscribers else None,
        "rss_mb": rss_loaded / 1024,
        "cpu_ms_per_request": 1000 * cpu / max(done, 1),
        "load": loadavg,
        **fanout,
        **lags,
    }


async def _fanout(servers, token: str, updates: int, subscribers) -> dict:
    """The servers' CPU for ``updates`` status changes sent one at a time with no other
    load, and the messages the subscribers received meanwhile: with and without
    subscribers, the difference is the CPU of delivering them."""
    load = Load([s.port for s in servers], token, seed=1)
    reader, writer = await asyncio.open_connection("127.0.0.1", servers[0].port)
    body = {"query": LIST, "variables": {"filter": None, "first": 25, "countCap": 10}}
    _, data = await _post(reader, writer, json.dumps(body).encode(), token)
    ids = [e["node"]["id"] for e in json.loads(data)["data"]["tickets"]["edges"]]
    writer.close()
    count = 0
    if subscribers is not None:
        subscribers.send("count")
        count = await asyncio.to_thread(subscribers.recv)
    connections = [await asyncio.open_connection("127.0.0.1", s.port) for s in servers]
    cpu = sum(s.cpu_seconds() for s in servers)
    for n in range(updates):
        variables = {"id": ids[n % len(ids)], "status": STATUSES[n % len(STATUSES)]}
        body = json.dumps({"query": SET_STATUS, "variables": variables}).encode()
        reader, writer = connections[n % len(connections)]
        try:
            await _post(reader, writer, body, load.token)
        except (asyncio.IncompleteReadError, ConnectionError):  # idle keep-alive closed
            port = servers[n % len(servers)].port
            reader, writer = connections[n % len(connections)] = await asyncio.open_connection(
                "127.0.0.1", port
            )
            await _post(reader, writer, body, load.token)
    await asyncio.sleep(1.5)
    cpu = sum(s.cpu_seconds() for s in servers) - cpu
    if subscribers is not None:
        subscribers.send("count")
        count = await asyncio.to_thread(subscribers.recv) - count
    for _, writer in connections:
        writer.close()
    return {"fanout_cpu_ms": 1000 * cpu / max(updates, 1), "fanout_messages": count / updates}


def _ms(values: list[float], q: float) -> str:
    return f"{1000 * _percentile(values, q):.0f}" if values else "–"


def _row(name: str, r: dict) -> str:
    per_socket = r["rss_per_socket_kb"]
    return (
        f"| {name} | {r['subscribers']} | {r['clients']} | {r['rps']:.1f} | {r['p50']:.0f} | "
        f"{r['p95']:.0f} | {r['errors']} | {r['creates']:.1f} | "
        f"{_ms(r.get('event_lags', []), 0.5)} / {_ms(r.get('event_lags', []), 0.95)} / "
        f"{_ms(r.get('event_lags', []), 1.0)} | "
        f"{_ms(r.get('stats_lags', []), 0.5)} / {_ms(r.get('stats_lags', []), 0.95)} | "
        f"{r.get('missed', '–')} / {r.get('interrupted', '–')} | "
        f"{'–' if per_socket is None else f'{per_socket:.0f}'} | "
        f"{r['cpu_ms_per_request']:.1f} | {r['fanout_cpu_ms']:.1f} | "
        f"{r['fanout_messages']:.0f} | {r['load']} |"
    )


HEADER = (
    "| server | subscribers | clients | req/s | p50 ms | p95 ms | errors | creates/s | "
    "event lag p50 / p95 / max ms | stats lag p50 / p95 ms | missed / interrupted | "
    "KB per socket | server CPU ms/req | fan-out CPU ms/update | messages/update | load |\n"
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
    "| ---: | ---: | ---: | ---: |"
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.capacity",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--clients", default="5,10,20,50", help="comma-separated counts")
    parser.add_argument("--subscribers", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=15, help="measured per phase")
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument(
        "--fanout", type=int, default=40, help="status changes timed alone, before the load"
    )
    parser.add_argument("--log-level", default="INFO", help="the servers' LOG_LEVEL")
    parser.add_argument(
        "--server-dir", action="append", type=Path,
        help="a server/ tree to run (repeat to interleave versions); default: this one",
    )  # fmt: skip
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    options = parse_args(argv)
    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        raise SystemExit("Set DATABASE_URL (a seeded database) and REDIS_URL.")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    directories = options.server_dir or [SERVER_DIR]
    with tempfile.TemporaryDirectory() as data_dir:
        token = create_user_token(
            {"DATABASE_URL": os.environ["DATABASE_URL"], "DESK_DATA_DIR": data_dir},
            f"capacity-{uuid.uuid4().hex[:8]}",
            "agent",
        )
    print(HEADER, flush=True)
    for clients in [int(c) for c in options.clients.split(",")]:
        for subscribers in (0, options.subscribers):
            for directory in directories:
                result = asyncio.run(phase(directory, clients, subscribers, token, options))
                name = directory.parent.name if directory.name == "server" else directory.name
                print(_row(name, result), flush=True)
                if result["errors"]:
                    print(f"<!-- {result['first_errors']} -->", flush=True)
                with contextlib.suppress(KeyError):
                    kinds = ", ".join(f"{k} {v:.0f}" for k, v in result["per_kind"].items())
                    print(f"<!-- p50 ms per kind: {kinds} -->", flush=True)


if __name__ == "__main__":
    main()
