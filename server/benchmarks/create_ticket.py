"""Where a createTicket's time goes, in-process, on the database DATABASE_URL names.

    cd server && ../.venv/bin/python -m benchmarks.create_ticket --write [--iterations 300]

Each iteration posts createTicket through the whole Django stack (django.test.Client: an
API token, middleware with request logs, GraphQL, the service, the event published to the
live log), as a requester, and times its parts: input validation, the classifier, each SQL
statement and the COMMIT (psycopg sends BEGIN just before a transaction's first statement,
so its round trip is in that statement's time), the event's publish, the service, the
request.
Two modes, interleaved iteration by iteration: the same text every time (the classifier's
cache answers, as in ``benchmarks.http_floor``) and a new text every time (the local
model runs, or the LLM when OPENAI_API_KEY is set).  Rate limits are off.

It WRITES tickets (and a requester with a token) to that database, hence ``--write``:
point it at a copy (``CREATE DATABASE mine TEMPLATE desk_bench``), never at a shared one.
Figures: docs/benchmarks.md, "createTicket (issue 13)".
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import secrets
import statistics
import time
from collections import defaultdict
from collections.abc import Callable

from benchmarks.documents import CREATE_INPUT, CREATE_TICKET

REQUESTER = "bench-create-requester"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.create_ticket",
        description="Time createTicket's parts in-process (writes tickets: use a copy).",
    )
    parser.add_argument("--iterations", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument(
        "--write", action="store_true", help="required: this benchmark creates tickets"
    )
    return parser.parse_args(argv)


class Timings:
    """Wall times per part and mode, from wrappers around the parts."""

    def __init__(self) -> None:
        self.mode = "warm-up"
        self.parts: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))

    def add(self, part: str, seconds: float) -> None:
        self.parts[self.mode][part].append(seconds)

    def wrap(self, part: str, function: Callable) -> Callable:
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.add(part, time.perf_counter() - started)

        return timed

    def sql(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.add(f"SQL {_statement_kind(sql)}", time.perf_counter() - started)


def _statement_kind(sql: str) -> str:
    words = sql.split()
    if words[0] == "WITH":
        return "WITH … (day count upsert)"
    if words[0] in ("INSERT", "DELETE", "UPDATE") and len(words) > 2:
        target = words[2] if words[0] != "UPDATE" else words[1]
        return f"{words[0]} {target.strip(chr(34))}"
    if words[0] == "SELECT" and " FROM " in sql:
        return f"SELECT {sql.split(' FROM ', 1)[1].split()[0].strip(chr(34))}"
    return words[0]


def _instrument(timings: Timings) -> None:
    """Wrap the parts of a create (module attributes the service looks up per call)."""
    from django.db.backends.base import base

    from tickets import day_counts, services
    from tickets.live.log import get_log

    services._validate = timings.wrap("validation", services._validate)
    services.suggest = timings.wrap("classifier", services.suggest)
    day_counts.record_created = timings.wrap("day count", day_counts.record_created)
    services.create_ticket = timings.wrap(
        "service (all but the token SELECT)", services.create_ticket
    )
    log = get_log()
    log.append = timings.wrap("event publish", log.append)
    commit = base.BaseDatabaseWrapper._commit
    base.BaseDatabaseWrapper._commit = timings.wrap("SQL COMMIT", commit)


def _token() -> str:
    from django.contrib.auth import get_user_model

    from accounts.models import ApiToken
    from accounts.roles import Role
    from accounts.services import create_api_token, create_user
    from core.actors import SYSTEM

    user = get_user_model().objects.filter(username=REQUESTER).first()
    if user is None:
        user = create_user(
            actor=SYSTEM, username=REQUESTER, password=secrets.token_urlsafe(), role=Role.REQUESTER
        )
    ApiToken.objects.filter(user=user).delete()
    return create_api_token(actor=user, name="bench_create_ticket")[1]


def main(argv: list[str] | None = None) -> None:
    options = parse_args(argv)
    if not options.write:
        raise SystemExit("This benchmark creates tickets: pass --write (on a copy of a database).")
    os.environ["RATE_LIMIT_CREATE_TICKET"] = "off"
    importlib.import_module("benchmarks.django_setup")  # Django set up before the desk
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    timings = Timings()
    _instrument(timings)
    client = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {_token()}")
    run = f"{os.getpid()}-{time.time_ns()}"

    def post(mode: str, n: int) -> None:
        text = CREATE_INPUT
        if mode == "new text":
            text = {key: f"{value} ({run} #{n})" for key, value in CREATE_INPUT.items()}
        timings.mode = mode if n >= 0 else "warm-up"
        started = time.perf_counter()
        response = client.post(
            "/graphql",
            json.dumps({"query": CREATE_TICKET, "variables": {"input": text}}),
            content_type="application/json",
        )
        timings.add("request (in-process)", time.perf_counter() - started)
        payload = response.json()
        if response.status_code != 200 or payload["data"]["createTicket"]["errors"]:
            raise SystemExit(f"createTicket failed: {payload}")

    modes = ("same text", "new text")
    load_before = os.getloadavg()[0]
    with override_settings(DEBUG=False), connection.execute_wrapper(timings.sql):
        for n in range(-options.warmup, options.iterations):
            for mode in modes if n % 2 == 0 else reversed(modes):
                post(mode, n)
    load_after = os.getloadavg()[0]
    print(
        f"createTicket in-process, {options.iterations} iterations per mode (interleaved), "
        f"on {connection.vendor} {connection.settings_dict['NAME']}; "
        f"load average {load_before:.2f} before, {load_after:.2f} after.\n"
    )
    print("| part | " + " | ".join(f"{mode}: per create, p50 ms" for mode in modes) + " |")
    print("| --- |" + " ---: |" * len(modes))
    names = list(dict.fromkeys(name for mode in modes for name in timings.parts[mode]))
    for name in sorted(names, key=_order):
        cells = []
        for mode in modes:
            values = timings.parts[mode].get(name, [])
            per = len(values) / options.iterations
            cells.append(f"{per:g} × {statistics.median(values) * 1000:.3f}" if values else "–")
        print(f"| {name} | " + " | ".join(cells) + " |")


def _order(name: str) -> tuple[int, str]:
    first = ("validation", "classifier", "SQL", "day count", "event", "service", "request")
    return next((i for i, prefix in enumerate(first) if name.startswith(prefix)), 9), name


if __name__ == "__main__":
    main()
