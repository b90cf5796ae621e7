"""Benchmark live updates: many subscribers over several server processes.

Starts ``--servers`` Daphne processes (a fresh database each run, next to DATABASE_URL or
an SQLite file; Redis from REDIS_URL, required for more than one process), connects
``--stats`` ``ticketStats`` and ``--events`` ``ticketEvents`` subscribers spread evenly
over them, then creates tickets one at a time through the servers in turn and measures,
for each mutation, the time from its HTTP response to each subscriber receiving the
matching update.  Also reports server memory per idle subscribed connection (RSS growth
divided by connections).  Results go to stdout as a Markdown table.

    cd server && ../.venv/bin/python -m benchmarks.subscriptions [--servers 2] [--stats 500]
        [--events 500] [--mutations 30] [--interval 0.5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import sys
import time

from django.conf import settings

import benchmarks.django_setup  # noqa: F401  (settings as the desk reads them)
from testing.live_server import LiveServer, fresh_database
from testing.ws_client import WSClient

STATS = "subscription { ticketStats { totalTickets openTickets byStatus { status count } } }"
EVENTS = "subscription { ticketEvents { kind ticket { id title status } } }"
CREATE = """
mutation($title: String!) {
  createTicket(input: {title: $title, description: "bench", category: BILLING, priority: LOW}) {
    ticket { id } errors { code }
  }
}"""


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


class Subscriber:
    def __init__(self, client: WSClient, kind: str):
        self.client = client
        self.kind = kind
        self.received: list[tuple[float, dict]] = []

    async def read(self) -> None:
        async for raw in self.client.ws:
            message = json.loads(raw)
            if message.get("type") == "next":
                self.received.append((time.monotonic(), message["payload"]["data"]))


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.subscriptions",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--servers", type=int, default=2)
    parser.add_argument("--stats", type=int, default=500)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--mutations", type=int, default=30)
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    options = vars(parse_args(argv))
    if options["servers"] > 1 and not settings.REDIS_URL:
        raise SystemExit("More than one server process needs REDIS_URL.")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    with fresh_database() as env:
        env = {**env, "CHANNEL_LAYER_PREFIX": f"bench{time.time_ns()}", "DEBUG": "0",
               "SECRET_KEY": "bench-only", "ALLOWED_HOSTS": "localhost,127.0.0.1"}  # fmt: skip
        servers = [LiveServer(env).start() for _ in range(options["servers"])]
        try:
            report = asyncio.run(run(servers, options))
        finally:
            for server in servers:
                server.stop()
    sys.stdout.write(report)


async def run(servers: list[LiveServer], options) -> str:
    warm = [await WSClient.connect(s.ws_url) for s in servers]
    for client in warm:  # create the shared feeds and hub before measuring memory
        await client.next(await client.subscribe(STATS))
        await client.subscribe(EVENTS)
    await asyncio.sleep(1)
    before = [await asyncio.to_thread(s.hub) for s in servers]

    subscribers: list[Subscriber] = []
    kinds = ["stats"] * options["stats"] + ["events"] * options["events"]
    started = time.monotonic()
    for i, kind in enumerate(kinds):
        client = await WSClient.connect(servers[i % len(servers)].ws_url, open_timeout=30)
        await client.subscribe(STATS if kind == "stats" else EVENTS)
        subscribers.append(Subscriber(client, kind))
    readers = [asyncio.create_task(s.read()) for s in subscribers]
    connect_seconds = time.monotonic() - started
    while any(s.kind == "stats" and not s.received for s in subscribers):
        await asyncio.sleep(0.1)
    await asyncio.sleep(2)
    idle = [await asyncio.to_thread(s.hub) for s in servers]

    base = subscribers[0].received[0][1]["ticketStats"]["totalTickets"]
    client_cpu = time.process_time()
    responses = []
    for n in range(options["mutations"]):
        server = servers[n % len(servers)]
        sent = time.monotonic()
        data = await server.agql(CREATE, {"title": f"bench {n}"})
        responses.append((sent, time.monotonic(), data["createTicket"]["ticket"]["id"]))
        await asyncio.sleep(options["interval"])
    await asyncio.sleep(2)
    client_cpu = time.process_time() - client_cpu
    done = [await asyncio.to_thread(s.hub) for s in servers]
    cpu_ms = [
        1000 * (d["cpu_seconds"] - i["cpu_seconds"]) / options["mutations"]
        for i, d in zip(idle, done, strict=True)
    ]

    per_mutation, from_request, every = [], [], {"stats": [], "events": []}
    for n, (sent, answered, ticket_id) in enumerate(responses):
        arrivals = []
        for s in subscribers:
            arrivals.append(_arrival(s, ticket_id, base + n + 1) - answered)
            every[s.kind].append(arrivals[-1])
        per_mutation.append(max(arrivals))
        from_request.append(max(arrivals) + answered - sent)
    for task in readers:
        task.cancel()
    for s in subscribers + [Subscriber(c, "") for c in warm]:
        await s.client.close()
    cpu = (cpu_ms, 1000 * client_cpu / options["mutations"])
    latencies = (per_mutation, from_request, every)
    return _table(options, servers, before, idle, latencies, connect_seconds, cpu)


def _arrival(s: Subscriber, ticket_id: str, total: int) -> float:
    for at, data in s.received:
        if s.kind == "events" and data["ticketEvents"]["ticket"]["id"] == ticket_id:
            return at
        if s.kind == "stats" and data["ticketStats"]["totalTickets"] >= total:
            return at
    return float("inf")


def _table(options, servers, before, idle, latencies, connect_seconds, cpu) -> str:
    per_mutation, from_request, every = latencies
    ms = [1000 * v for v in per_mutation]
    request_ms = [1000 * v for v in from_request]
    stats_ms = [1000 * v for v in every["stats"]]
    events_ms = [1000 * v for v in every["events"]]
    missing = sum(1 for v in every["stats"] + every["events"] if v == float("inf"))
    connections = options["stats"] + options["events"]
    grown_kb = sum(i["rss_kb"] - b["rss_kb"] for b, i in zip(before, idle, strict=True))
    lines = [
        f"{options['stats']} ticketStats + {options['events']} ticketEvents subscribers over "
        f"{len(servers)} Daphne processes; {options['mutations']} createTicket mutations, "
        f"{options['interval']} s apart, sent to the processes in turn.",
        "",
        "| measure | p50 | p95 | max |",
        "| --- | --- | --- | --- |",
    ]
    if not missing:
        for name, values in (
            ("mutation response → last subscriber (ms)", ms),
            ("mutation request sent → last subscriber (ms)", request_ms),
            ("mutation response → each ticketStats subscriber (ms)", stats_ms),
            ("mutation response → each ticketEvents subscriber (ms)", events_ms),
        ):
            lines.append(
                f"| {name} | {statistics.median(values):.0f} | "
                f"{_percentile(values, 0.95):.0f} | {max(values):.0f} |"
            )
    lines += [
        "",
        f"- updates that never arrived: {missing}",
        "- last-subscriber latency per mutation (ms): " + " ".join(f"{v:.0f}" for v in ms),
        f"- {connections} connections subscribed in {connect_seconds:.1f} s",
        "- CPU per mutation: servers "
        + ", ".join(f"{v:.0f} ms" for v in cpu[0])
        + f"; benchmark client {cpu[1]:.0f} ms",
        f"- server RSS growth for {connections} idle subscribed connections: "
        f"{grown_kb / 1024:.1f} MB, {grown_kb / connections:.1f} KB per connection",
        "- per process: "
        + "; ".join(
            f"RSS {b['rss_kb'] / 1024:.0f} → {i['rss_kb'] / 1024:.0f} MB, "
            f"{i['stats_subscribers']} stats / {i['event_subscribers']} event subscribers, "
            f"{i['stats_filters']} stats feed(s)"
            for b, i in zip(before, idle, strict=True)
        ),
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
