"""A list with a text search and each way of counting it, side by side (issue 13).

    cd server && DATABASE_URL=postgres://postgres@127.0.0.1:5432/<copy of desk_bench> \\
        ../.venv/bin/python -m benchmarks.search [--iterations 30] [--fts]

Part 1, the API (in-process through the whole Django stack, like benchmarks.api): for each
search, the first page of 25 with each way of counting, interleaved request by request so
that a busy machine slows every variant alike.

Part 2, the count's SQL alone, interleaved the same way: the exact count, counts capped at
10,000 and 1,000, the planner's row estimate (what matchCount answers beyond its bound), a
0.5 % TABLESAMPLE estimate, and with ``--fts`` a full-text index (``to_tsvector('english',
title || ' ' || description)`` with GIN, queried with ``websearch_to_tsquery``): its exact
and capped counts and its estimate.  ``--fts`` builds that index when it is missing and
reports the build time, so run it on a copy, never on a shared database; ``--drop-fts``
drops it afterwards.  Estimates are shown as a ratio to the exact count.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import override_settings

from benchmarks.api import _agent_token  # sets Django up before the desk's models
from tickets.filters import TicketFilter, tickets_matching
from tickets.models import Ticket
from tickets.selectors.match_count import planner_rows

PAGE = """
query Search($filter: TicketFilter) {
  tickets(filter: $filter, first: 25) {
    edges { cursor node { id title category priority status createdAt } }
    pageInfo { hasNextPage endCursor }%s
  }
}"""
COUNTS = {
    "page only": "",
    "totalCount (exact)": "\n    totalCount",
    "totalCount(atMost: 10000) (web client before)": "\n    totalCount(atMost: 10000)",
    "totalCount(atMost: 1000)": "\n    totalCount(atMost: 1000)",
    "matchCount(exactUpTo: 1000)": "\n    matchCount(exactUpTo: 1000) { value exact }",
    "matchCount(exactUpTo: 500)": "\n    matchCount(exactUpTo: 500) { value exact }",
    "matchCount(exactUpTo: 200)": "\n    matchCount(exactUpTo: 200) { value exact }",
}
FTS_INDEX = "bench_ticket_fts_idx"
FTS_DOCUMENT = "to_tsvector('english'::regconfig, (title::text || ' ' || description))"


@dataclass
class Timed:
    timings: list[float] = field(default_factory=list)
    value: object = None

    def p(self, share: float) -> float:
        ordered = sorted(self.timings)
        return ordered[max(0, round(share * len(ordered)) - 1)] * 1000


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search", description=__doc__)
    parser.add_argument("--iterations", type=int, default=30)
    parser.add_argument(
        "--search",
        action="append",
        help="a search to measure (repeatable); default: refund, Gantt, 'password reset'",
    )
    parser.add_argument("--fts", action="store_true", help="also a full-text GIN index")
    parser.add_argument("--drop-fts", action="store_true", help="drop that index at the end")
    parser.add_argument("--skip-api", action="store_true")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    options = parse_args(argv)
    searches = options.search or ["refund", "Gantt", "password reset"]
    print(f"{Ticket.objects.count():,} tickets; load average {_load()}", flush=True)
    if not options.skip_api:
        _api_part(searches, options.iterations)
    _sql_part(searches, options.iterations, options.fts)
    if options.drop_fts:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {FTS_INDEX}")
    print(f"load average {_load()}")


def _api_part(searches: list[str], iterations: int) -> None:
    client = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {_agent_token()}")
    results = {(s, name): Timed() for s in searches for name in COUNTS}
    with override_settings(DEBUG=False):
        for round_ in range(iterations + 2):  # two warm-up rounds
            for search in searches:
                for name, count in COUNTS.items():
                    seconds, data = _request(client, PAGE % count, {"search": search})
                    if round_ >= 2:
                        results[search, name].timings.append(seconds)
                    results[search, name].value = data.get("totalCount", data.get("matchCount"))
    print("\n| search | count asked for | count answered | p50 ms | p95 ms |")
    print("| --- | --- | ---: | ---: | ---: |")
    for (search, name), timed in results.items():
        print(
            f"| {search!r} | {name} | {_shown(timed.value)} | {timed.p(0.5):.1f} | "
            f"{timed.p(0.95):.1f} |"
        )


def _request(client, query: str, filter: dict) -> tuple[float, dict]:
    body = json.dumps({"query": query, "variables": {"filter": filter}})
    started = time.perf_counter()
    response = client.post("/graphql", body, content_type="application/json")
    seconds = time.perf_counter() - started
    payload = response.json()
    if "errors" in payload:
        raise SystemExit(f"{response.status_code} {payload['errors']}")
    return seconds, payload["data"]["tickets"]


def _shown(value) -> str:
    if isinstance(value, dict):
        return f"{value['value']:,}" if value["exact"] else f"about {value['value']:,}"
    return "" if value is None else f"{value:,}"


def _sql_part(searches: list[str], iterations: int, fts: bool) -> None:
    if connection.vendor != "postgresql":
        raise SystemExit("The SQL part needs PostgreSQL.")
    if fts:
        _ensure_fts_index()
    rows = []
    for search in searches:
        options = _sql_options(search, fts)
        results = {name: Timed() for name in options}
        for _ in range(iterations):
            for name, run in options.items():
                started = time.perf_counter()
                results[name].value = run()
                results[name].timings.append(time.perf_counter() - started)
        exact = results["exact count, substring (trigram GIN)"].value
        fts_exact = results.get("exact count, full text (tsvector GIN)")
        for name, timed in results.items():
            base = fts_exact.value if "full text" in name and fts_exact else exact
            ratio = timed.value / base if base else float("nan")
            rows.append((search, name, timed, ratio))
    print("\n| search | SQL | answer | ÷ exact | p50 ms | p95 ms |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for search, name, timed, ratio in rows:
        print(
            f"| {search!r} | {name} | {timed.value:,} | {ratio:.2f} | {timed.p(0.5):.1f} | "
            f"{timed.p(0.95):.1f} |"
        )


def _sql_options(search: str, fts: bool) -> dict[str, Callable[[], int]]:
    tickets = tickets_matching(TicketFilter(search=search))
    sql, params = tickets.order_by().values("pk").query.sql_with_params()
    where = sql.split(" WHERE ", 1)[1]
    table = Ticket._meta.db_table

    def scalar(query: str, args) -> Callable[[], int]:
        def run() -> int:
            with connection.cursor() as cursor:
                cursor.execute(query, args)
                return round(cursor.fetchone()[0])

        return run

    options = {
        "exact count, substring (trigram GIN)": lambda: tickets.count(),
        "count capped at 10,000": lambda: tickets[:10_000].count(),
        "count capped at 1,000": lambda: tickets[:1_000].count(),
        "planner estimate (EXPLAIN)": lambda: planner_rows(tickets),
        "TABLESAMPLE SYSTEM (0.5) estimate": scalar(
            f"SELECT count(*) FILTER (WHERE {where}) * (SELECT reltuples FROM pg_class "
            f"WHERE oid = '{table}'::regclass) / greatest(count(*), 1) "
            f"FROM {table} TABLESAMPLE SYSTEM (0.5) REPEATABLE (0)",
            params,
        ),
    }
    if fts:
        match = f"{FTS_DOCUMENT} @@ websearch_to_tsquery('english', %s)"
        options["exact count, full text (tsvector GIN)"] = scalar(
            f"SELECT count(*) FROM {table} WHERE {match}", [search]
        )
        options["full text, capped at 1,000"] = scalar(
            f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {match} LIMIT 1000) AS s",
            [search],
        )
        options["full text, planner estimate"] = lambda: planner_rows(
            Ticket.objects.extra(where=[match], params=[search])
        )
    return options


def _ensure_fts_index() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [FTS_INDEX])
        if cursor.fetchone():
            return
        print(f"Building {FTS_INDEX} …", file=sys.stderr, flush=True)
        started = time.perf_counter()
        cursor.execute("SET maintenance_work_mem = '256MB'")
        cursor.execute(
            f"CREATE INDEX {FTS_INDEX} ON {Ticket._meta.db_table} USING gin ({FTS_DOCUMENT})"
        )
        built = time.perf_counter() - started
        cursor.execute(f"ANALYZE {Ticket._meta.db_table}")
        print(f"{FTS_INDEX} built in {built:.1f} s (load average {_load()})", flush=True)


def _load() -> str:
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


if __name__ == "__main__":
    main()
