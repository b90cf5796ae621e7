"""Server-side latency of the GraphQL API on the current database (DATABASE_URL).

    cd server && ../.venv/bin/python -m benchmarks.api [--iterations 50] [--stats-only]

Each request goes through the whole Django stack in-process (django.test.Client: middleware,
view, GraphQL execution, SQL, JSON), timed from the call to the response, so the figures
leave out only the network and the HTTP server.  Query logging is off (DEBUG=False) as in
production.  Run `make bench` for the full 1,000,000-ticket setup.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import secrets
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import django
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import override_settings

import benchmarks.django_setup  # noqa: F401  (before the desk's models)
from benchmarks.documents import LIST_QUERY_WITH, STATS_QUERY
from core.actors import SYSTEM
from tickets.filters import TicketFilter
from tickets.models import Ticket
from tickets.selectors.pagination import encode_cursor
from tickets.selectors.stats import ticket_stats

# Targets from the performance issue (p50, ms).
LIST_TARGET, SEARCH_TARGET, STATS_TARGET = 20, 50, 100
SELECTOR_TARGET = 10  # live updates recompute stats per change (issue 4)
DEEP_ROW = 50_000  # "page 2,000" of 25
BOUNDED_COUNT = 1_000  # what a list UI shows as "1,000+"
MATCH_COUNT_BOUND = 1_000  # the web client's matchCount(exactUpTo:)
BENCH_AGENT = "bench-agent"
REPO_DIR = Path(__file__).resolve().parents[2]


@dataclass
class Case:
    name: str
    query: str
    variables: dict
    target_ms: float
    matches: int | None = None
    timings: list[float] | None = None
    run: Callable[[], object] | None = None  # timed instead of a GraphQL request

    def percentile(self, share: float) -> float:
        """Nearest-rank percentile, in ms."""
        ordered = sorted(self.timings)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)] * 1000


def _agent_token() -> str:
    """An API token of the benchmark's own agent (created on first use)."""
    from accounts.models import ApiToken
    from accounts.roles import Role
    from accounts.services import create_api_token, create_user

    User = get_user_model()
    agent = User.objects.filter(username=BENCH_AGENT).first()
    if agent is None:
        agent = create_user(
            actor=SYSTEM, username=BENCH_AGENT, password=secrets.token_urlsafe(), role=Role.AGENT
        )
    ApiToken.objects.filter(user=agent).delete()
    return create_api_token(actor=agent, name="bench_api")[1]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.api",
        description="Measure p50/p95/max server-side time of typical GraphQL requests.",
    )
    parser.add_argument("--iterations", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--common-word", default="refund")
    parser.add_argument("--rare-word", default="Gantt")
    parser.add_argument("--multi-words", default="password reset")
    parser.add_argument("--output", default=str(REPO_DIR / "bench-results" / "api.md"))
    parser.add_argument("--note", action="append", default=[], help="line for the report")
    parser.add_argument(
        "--stats-only",
        action="store_true",
        help="only the ticketStats case (any number of tickets; to compare desk sizes)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    options = parse_args(argv)
    if options.iterations < 1:
        raise SystemExit("--iterations must be at least 1.")
    client = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {_agent_token()}")
    with override_settings(DEBUG=False):
        if options.stats_only:
            cases = [_stats_case(), _stats_selector_case()]
        else:
            cases = _cases(client, options.common_word, options.rare_word, options.multi_words)
        for case in cases:
            for _ in range(options.warmup):
                _post(client, case)
            case.timings = [_post(client, case) for _ in range(options.iterations)]
            print(f"  {case.name}: p50 {case.percentile(0.5):.1f} ms", file=sys.stderr)
    report = _report(cases, options.iterations, options.note)
    sys.stdout.write(report)
    path = Path(options.output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report)
    print(f"Wrote {path}.", file=sys.stderr)


def _cases(client, common_word: str, rare_word: str, multi_words: str) -> list[Case]:
    deep = (
        Ticket.objects.order_by("-created_at", "-id")
        .only("id", "created_at")[DEEP_ROW - 1 : DEEP_ROW]
        .first()
    )
    if deep is None:
        raise SystemExit(f"Need at least {DEEP_ROW:,} tickets for the deep-page case.")
    lists = [
        ("first page, no filter", {}, LIST_TARGET),
        ("status OPEN", {"filter": {"status": ["OPEN"]}}, LIST_TARGET),
        (
            "category + priority + status",
            {"filter": {"category": ["TECHNICAL"], "priority": ["HIGH"], "status": ["OPEN"]}},
            LIST_TARGET,
        ),
        (f"search {common_word!r}", {"filter": {"search": common_word}}, SEARCH_TARGET),
        (f"search {rare_word!r} (rare)", {"filter": {"search": rare_word}}, SEARCH_TARGET),
        (f"page 2,001 (after row {DEEP_ROW:,})", {"after": encode_cursor(deep)}, LIST_TARGET),
    ]
    cases = []
    for with_total in (False, True):
        query = LIST_QUERY_WITH % ("\n    totalCount" if with_total else "")
        for name, variables, target in lists:
            label = f"{name} + totalCount" if with_total else name
            cases.append(Case(label, query, variables, target))
    for case in cases[len(lists) :]:
        case.matches = _data(client, case)["tickets"]["totalCount"]
    for plain, counted in zip(cases[: len(lists)], cases[len(lists) :], strict=True):
        plain.matches = counted.matches
    if any(case.matches == 0 for case in cases):
        raise SystemExit("A list case matches no tickets: choose other words or filters.")
    for name, variables, target in lists[3:5]:
        bounded = Case(
            f"{name} + totalCount(atMost: {BOUNDED_COUNT:,})",
            LIST_QUERY_WITH % f"\n    totalCount(atMost: {BOUNDED_COUNT})",
            variables,
            target,
        )
        bounded.matches = _data(client, bounded)["tickets"]["totalCount"]
        cases.append(bounded)
    searches = [*lists[3:5], (f"search {multi_words!r}", {"filter": {"search": multi_words}}, 0)]
    for name, variables, _ in searches:  # what the web client asks for (issue 13)
        listed = Case(
            f"{name} + matchCount(exactUpTo: {MATCH_COUNT_BOUND:,})",
            LIST_QUERY_WITH % f"\n    matchCount(exactUpTo: {MATCH_COUNT_BOUND}) {{ value exact }}",
            variables,
            SEARCH_TARGET,
        )
        counted = _data(client, listed)["tickets"]["matchCount"]
        listed.matches = counted["value"]
        listed.name += "" if counted["exact"] else " (estimate)"
        cases.append(listed)
    cases.append(_stats_case())
    return cases


def _stats_case() -> Case:
    return Case("ticketStats, no filter", STATS_QUERY, {}, STATS_TARGET)


def _stats_selector_case() -> Case:
    """The statistics themselves (the selector's queries and assembly), without the
    request around them: the part that could grow with the desk."""
    return Case(
        "ticketStats selector alone (no HTTP, GraphQL or auth)",
        "",
        {},
        SELECTOR_TARGET,
        run=lambda: ticket_stats(actor=SYSTEM, filters=TicketFilter()),
    )


def _post(client, case: Case) -> float:
    if case.run is not None:
        started = time.perf_counter()
        case.run()
        return time.perf_counter() - started
    return _request(client, case)[0]


def _data(client, case: Case) -> dict:
    return _request(client, case)[1]


def _request(client, case: Case) -> tuple[float, dict]:
    """Seconds from the call to the response, and the `data` (checked after timing)."""
    body = json.dumps({"query": case.query, "variables": case.variables})
    started = time.perf_counter()
    response = client.post("/graphql", body, content_type="application/json")
    elapsed = time.perf_counter() - started
    payload = response.json() if response.status_code == 200 else {}
    if "errors" in payload or "data" not in payload:
        raise SystemExit(f"{case.name}: {response.status_code} {response.content[:300]!r}")
    return elapsed, payload["data"]


def _report(cases: list[Case], iterations: int, notes: list[str]) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM " + Ticket._meta.db_table)
        total = cursor.fetchone()[0]
        server = connection.vendor
        if server == "postgresql":
            cursor.execute("SHOW server_version")
            server = f"PostgreSQL {cursor.fetchone()[0]}"
    lines = [
        f"# API benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"{total:,} tickets on {server}; Python {platform.python_version()}, "
        f"Django {django.get_version()}, {iterations} timed requests per case after warm-up; "
        "server-side time through the full Django stack (django.test.Client).",
        *(line for note in notes for line in ("", note)),
        "",
        "| case | matching | p50 ms | p95 ms | max ms | target p50 | met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | :---: |",
    ]
    for case in cases:
        p50 = case.percentile(0.5)
        matches = "" if case.matches is None else f"{case.matches:,}"
        lines.append(
            f"| {case.name} | {matches} | {p50:.1f} | {case.percentile(0.95):.1f} | "
            f"{max(case.timings) * 1000:.1f} | < {case.target_ms:g} | "
            f"{'yes' if p50 < case.target_ms else '**no**'} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
