"""The desk's requests over real HTTP against their floor, and its throughput.

    cd server && ../.venv/bin/python -m benchmarks.http_floor [--iterations 200]
        [--cases "first page,ticketStats"] [--workers 1]
    cd server && ../.venv/bin/python -m benchmarks.http_floor --throughput
        [--clients 8,32] [--seconds 30] [--workers 2] [--cases "first page,ticketStats"]

Runs the production server (``python -m config.serve serve``: Uvicorn, DEBUG=0, JSON
request logs at INFO, written to a file) on the database DATABASE_URL names (PostgreSQL),
as the benchmark's own agent with an API token (``Authorization: Bearer``).  The agent and
its token are made in that database and the token deleted afterwards; createTicket adds
tickets (rate limits are off for the server, as in the live tests).

Latency mode, per case, interleaved request by request over one keep-alive connection:
(a) ``GET /healthz``, the same server's bare HTTP round trip; (b) the GraphQL request;
(c) the SQL that request sends, captured once in-process (``execute_wrapper``, the text
exactly as psycopg sent it) and replayed through psycopg on a warm connection of this
process (statements Django ran in a transaction are replayed in one, committed).  The
floor is (a)+(c) per iteration; the ratio is p50 (b) / p50 floor (issue 13: within 3x).

Throughput mode: closed loop, N keep-alive connections each sending the case's request
again as soon as the answer arrives, for S seconds after a 3-second warm-up; requests per
second, p50/p95, errors (any answer but 200 without ``errors``), and the CPU the server
processes and this client used.  The client is raw asyncio HTTP/1.1 (uvloop when
installed): a fraction of a core at 400 req/s, so it is not the limit.

``--baseline DIR`` serves a second server from another checkout's ``server/`` (for example
``git archive <commit> server | tar -x -C /tmp/before``) beside this one: the latency mode
sends each request to both, alternating which goes first, and adds their ratio; the
throughput mode runs the baseline, then this server, for each row.  The SQL replayed is
this checkout's.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import http.client
import json
import math
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.documents import CREATE_INPUT, CREATE_TICKET, LIST_QUERY, STATS_QUERY

SERVER_DIR = Path(__file__).resolve().parents[1]
AGENT = "bench-floor-agent"
CASE_NAMES = (
    "first page",
    "one filter",
    "three filters",
    "search",
    "deep page",
    "ticketStats",
    "createTicket",
)
RATIO_TARGET = 3.0


@dataclass
class Case:
    name: str
    body: bytes
    statements: list[tuple[bool, str]] = field(default_factory=list)  # (in transaction, SQL)
    sql: list[float] = field(default_factory=list)
    # Per server ("this", "baseline"): the /healthz and request round trips, the floor.
    healthz: dict[str, list[float]] = field(default_factory=dict)
    request: dict[str, list[float]] = field(default_factory=dict)
    floor: dict[str, list[float]] = field(default_factory=dict)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile, in ms."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)] * 1000


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.http_floor",
        description="GraphQL requests over HTTP against their floor (health probe round "
        "trip + their own SQL replayed), or closed-loop throughput.",
    )
    parser.add_argument(
        "--cases",
        default=None,
        help=f"comma-separated, from: {', '.join(CASE_NAMES)} (default: all; throughput: "
        "first page,ticketStats)",
    )
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--workers", type=int, default=None, help="Uvicorn workers (1; 2)")
    parser.add_argument("--common-word", default="refund")
    parser.add_argument("--deep-row", type=int, default=50_000)
    parser.add_argument("--throughput", action="store_true", help="closed-loop load instead")
    parser.add_argument("--clients", default="8,32", help="throughput: connections, e.g. 8,32")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--server-log", default=None, help="keep the server's log here")
    parser.add_argument("--show-sql", action="store_true", help="print each case's SQL")
    parser.add_argument(
        "--baseline",
        default=None,
        metavar="DIR",
        help="also serve the server/ of another checkout (e.g. `git archive` of an older "
        "commit) and measure both, interleaved request by request",
    )
    options = parser.parse_args(argv)
    default = "first page,ticketStats" if options.throughput else ",".join(CASE_NAMES)
    options.case_names = [name.strip() for name in (options.cases or default).split(",")]
    unknown = set(options.case_names) - set(CASE_NAMES)
    if unknown:
        parser.error(f"unknown cases: {', '.join(sorted(unknown))}")
    if options.workers is None:
        options.workers = 2 if options.throughput else 1
    options.client_counts = [int(n) for n in options.clients.split(",")]
    if options.iterations < 1 or options.workers < 1 or min(options.client_counts) < 1:
        parser.error("--iterations, --workers and --clients must be at least 1")
    return options


# In-process: the token, the cases and their SQL ---------------------------------------


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import logging

    from django.db import connection

    # The in-process capture's own request lines are not the server's.
    logging.getLogger("desk.request").setLevel(logging.WARNING)

    if connection.vendor != "postgresql":
        raise SystemExit("benchmarks.http_floor needs DATABASE_URL naming a PostgreSQL database.")


def _make_token() -> tuple[str, int]:
    """A new API token of the benchmark's agent (the agent is made on first use)."""
    from django.contrib.auth import get_user_model

    from accounts.roles import Role
    from accounts.services import create_api_token, create_user
    from core.actors import SYSTEM

    agent = get_user_model().objects.filter(username=AGENT).first()
    if agent is None:
        agent = create_user(
            actor=SYSTEM, username=AGENT, password=secrets.token_urlsafe(), role=Role.AGENT
        )
    token, secret = create_api_token(actor=agent, name=f"http_floor {os.getpid()}")
    return secret, token.pk


def _delete_token(token_id: int) -> None:
    from accounts.models import ApiToken

    ApiToken.objects.filter(pk=token_id).delete()


def _body(query: str, variables: dict | None = None) -> bytes:
    return json.dumps({"query": query, "variables": variables or {}}).encode()


def _build_cases(names: list[str], common_word: str, deep_row: int) -> list[Case]:
    from tickets.models import Ticket
    from tickets.selectors.pagination import encode_cursor

    bodies = {
        "first page": lambda: _body(LIST_QUERY),
        "one filter": lambda: _body(LIST_QUERY, {"filter": {"status": ["OPEN"]}}),
        "three filters": lambda: _body(
            LIST_QUERY,
            {"filter": {"category": ["TECHNICAL"], "priority": ["HIGH"], "status": ["OPEN"]}},
        ),
        "search": lambda: _body(LIST_QUERY, {"filter": {"search": common_word}}),
        "ticketStats": lambda: _body(STATS_QUERY),
        "createTicket": lambda: _body(CREATE_TICKET, {"input": CREATE_INPUT}),
    }

    def deep_page() -> bytes:
        deep = (
            Ticket.objects.order_by("-created_at", "-id")
            .only("id", "created_at")[deep_row - 1 : deep_row]
            .first()
        )
        if deep is None:
            raise SystemExit(f"Need at least {deep_row:,} tickets for the deep page (--deep-row).")
        return _body(LIST_QUERY, {"after": encode_cursor(deep)})

    bodies["deep page"] = deep_page
    return [Case(name, bodies[name]()) for name in names]


def _capture_sql(cases: list[Case], secret: str) -> None:
    """Each case's statements as psycopg sent them, from its second in-process run (the
    first may fill per-process caches the server has warm)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    client = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {secret}")
    for case in cases:
        statements: list[tuple[bool, str]] = []

        def capture(execute, sql, params, many, context, statements=statements):
            result = execute(sql, params, many, context)
            text = connection.ops.last_executed_query(context["cursor"], sql, params)
            statements.append((connection.in_atomic_block, text))
            return result

        with override_settings(DEBUG=False):
            for _ in range(2):
                statements.clear()
                with connection.execute_wrapper(capture):
                    response = client.post("/graphql", case.body, content_type="application/json")
                _check(case.name, response.status_code, response.content)
        case.statements = list(statements)


def _check(name: str, status: int, content: bytes) -> None:
    payload = json.loads(content) if status == 200 else {}
    errors = payload.get("errors") or _payload_errors(payload.get("data") or {})
    if status != 200 or errors or "data" not in payload:
        raise SystemExit(f"{name}: {status} {content[:300]!r}")


def _payload_errors(data: dict) -> list:
    created = data.get("createTicket")
    return created["errors"] if created else []


def _replay_connection():
    import psycopg
    from django.db import connection

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("pool", None)
    replay = psycopg.connect(**params, autocommit=True, cursor_factory=psycopg.ClientCursor)
    replay.execute("SET TIME ZONE 'UTC'")
    return replay


def _replay(replay, statements: list[tuple[bool, str]]) -> float:
    """Seconds to run the statements, transactions as Django ran them, rows fetched."""
    started = time.perf_counter()
    in_transaction = False
    with replay.cursor() as cursor:
        for atomic, text in statements:
            if atomic and not in_transaction:
                cursor.execute("BEGIN")
            elif in_transaction and not atomic:
                cursor.execute("COMMIT")
            in_transaction = atomic
            cursor.execute(text)
            if cursor.description is not None:
                cursor.fetchall()
        if in_transaction:
            cursor.execute("COMMIT")
    return time.perf_counter() - started


# The server ---------------------------------------------------------------------------


class Server:
    """``python -m config.serve serve`` on 127.0.0.1:<free port>, production settings."""

    def __init__(self, workers: int, log_path: str | None, server_dir: Path = SERVER_DIR):
        from testing.ports import free_port

        self.server_dir = server_dir
        self.port = free_port()
        self.workers = workers
        self.log_path = log_path or tempfile.mkstemp(prefix="http-floor-", suffix=".log")[1]
        self.keep_log = log_path is not None
        self.process: subprocess.Popen | None = None

    def env(self) -> dict:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": "http-floor-benchmark-only-" + secrets.token_hex(16),
            "ALLOWED_HOSTS": "localhost,127.0.0.1",
            "CSRF_TRUSTED_ORIGINS": "http://localhost",
            "BIND": "127.0.0.1",
            "PORT": str(self.port),
            "WEB_CONCURRENCY": str(self.workers),
            "LOG_FORMAT": "json",
            "LOG_LEVEL": "INFO",
            "RATE_LIMIT_CREATE_TICKET": "off",
            "RATE_LIMIT_CLASSIFY": "off",
            "OPENAI_API_KEY": "",
            "MIGRATE_ON_START": "0",
            "PYTHONPATH": str(self.server_dir),
        }

    def __enter__(self) -> Server:
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "config.serve", "serve"],
                cwd=self.server_dir,
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + 60
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/readyz", headers={"Host": "localhost"})
                if connection.getresponse().status == 200:
                    connection.close()
                    return self
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"The server did not start:\n{self.output()[-3000:]}")
            time.sleep(0.2)

    def __exit__(self, *exc_info) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if not self.keep_log:
            Path(self.log_path).unlink(missing_ok=True)

    def output(self) -> str:
        return Path(self.log_path).read_text(errors="replace")

    def request_lines(self) -> int:
        return sum('"logger": "desk.request"' in line for line in self.output().splitlines())

    def cpu_seconds(self) -> float:
        """CPU of the server process and its workers so far."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0.0
        children = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True
        ).stdout.split()
        for pid in [self.process.pid, *map(int, children)]:
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / tick
        return total


# Latency mode ---------------------------------------------------------------------------


def _round_trip(connection: http.client.HTTPConnection, method: str, path: str, body, headers):
    started = time.perf_counter()
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    content = response.read()
    return time.perf_counter() - started, response.status, content


def measure_latency(cases: list[Case], servers: dict[str, Server], secret: str, options):
    connections = {
        label: http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        for label, server in servers.items()
    }
    probe_headers = {"Host": "localhost"}
    headers = {
        "Host": "localhost",
        "Content-Type": "application/json",
        "Authorization": f"Bearer {secret}",
    }
    labels = list(servers)
    replay = _replay_connection()
    try:
        for iteration in range(options.warmup + options.iterations):
            timed = iteration >= options.warmup
            for offset in range(len(cases)):
                case = cases[(iteration + offset) % len(cases)]  # rotating order
                sql = _replay(replay, case.statements)
                if timed:
                    case.sql.append(sql)
                for turn in range(len(labels)):
                    label = labels[(iteration + turn) % len(labels)]
                    connection = connections[label]
                    probe, status, content = _round_trip(connection, "GET", "/healthz", None,
                                                         probe_headers)  # fmt: skip
                    if status != 200:
                        raise SystemExit(f"/healthz: {status} {content[:200]!r}")
                    elapsed, status, content = _round_trip(connection, "POST", "/graphql",
                                                           case.body, headers)  # fmt: skip
                    _check(case.name, status, content)
                    if timed:
                        case.healthz.setdefault(label, []).append(probe)
                        case.request.setdefault(label, []).append(elapsed)
                        case.floor.setdefault(label, []).append(probe + sql)
    finally:
        for connection in connections.values():
            connection.close()
        replay.close()


def latency_report(cases: list[Case], options, load: tuple, servers: dict[str, Server]) -> str:
    written = "; ".join(
        f"{label}: {server.request_lines():,} desk.request log lines written"
        for label, server in servers.items()
    )
    lines = [
        f"{options.iterations} timed iterations per case after {options.warmup} warm-up, "
        f"cases interleaved; Uvicorn workers: {options.workers}; load average "
        f"{load[0][0]:.2f} before, {load[1][0]:.2f} after; {written}.",
        "",
    ]
    for label in servers:
        if len(servers) > 1:
            lines += [f"**{label}** ({servers[label].server_dir})", ""]
        lines += [
            "| case | SQL statements | /healthz p50 / p95 | request p50 / p95 | SQL replay p50 / "
            "p95 | floor p50 | request ÷ floor | within 3× |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |",
        ]
        for case in cases:
            healthz, request = case.healthz[label], case.request[label]
            floor = percentile(case.floor[label], 0.5)
            ratio = percentile(request, 0.5) / floor
            lines.append(
                f"| {case.name} | {len(case.statements)} | "
                f"{percentile(healthz, 0.5):.2f} / {percentile(healthz, 0.95):.2f} | "
                f"{percentile(request, 0.5):.2f} / {percentile(request, 0.95):.2f} | "
                f"{percentile(case.sql, 0.5):.2f} / {percentile(case.sql, 0.95):.2f} | "
                f"{floor:.2f} | {ratio:.1f}× | {'yes' if ratio <= RATIO_TARGET else '**no**'} |"
            )
        lines.append("")
    if len(servers) > 1:
        lines += [
            "| case | request p50, this ÷ baseline | /healthz p50, this ÷ baseline |",
            "| --- | ---: | ---: |",
        ]
        for case in cases:
            request, healthz = (
                percentile(timings["this"], 0.5) / percentile(timings["baseline"], 0.5)
                for timings in (case.request, case.healthz)
            )
            lines.append(f"| {case.name} | {request:.2f} | {healthz:.2f} |")
    return "\n".join(lines) + "\n"


# Throughput mode ------------------------------------------------------------------------


async def _send(reader, writer, request: bytes) -> tuple[int, bytes]:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = None
    chunked = False
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        name = name.strip().lower()
        if name == b"content-length":
            length = int(value)
        elif name == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if not chunked:
        return status, await reader.readexactly(length or 0)
    body = b""
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0].strip(), 16)
        body += (await reader.readexactly(size + 2))[:-2]
        if size == 0:
            return status, body


async def _closed_loop(port: int, request: bytes, clients: int, seconds: float):
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + seconds

    async def client():
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.monotonic() < deadline:
                started = time.perf_counter()
                try:
                    status, content = await _send(reader, writer, request)
                except (OSError, asyncio.IncompleteReadError) as exc:
                    errors.append(f"{type(exc).__name__}: {exc}")
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    continue
                latencies.append(time.perf_counter() - started)
                if status != 200 or b'"errors"' in content[:20]:
                    errors.append(f"{status} {content[:200]!r}")
        finally:
            writer.close()

    await asyncio.gather(*(client() for _ in range(clients)))
    return latencies, errors


def _raw_request(case: Case, secret: str) -> bytes:
    return (
        b"POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + f"Authorization: Bearer {secret}\r\nContent-Length: {len(case.body)}\r\n\r\n".encode()
        + case.body
    )


def measure_throughput(cases: list[Case], servers: dict[str, Server], secret: str, options):
    with contextlib.suppress(ImportError):
        import uvloop

        asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    rows = []
    for case in cases:
        request = _raw_request(case, secret)
        for clients in options.client_counts:
            for label, server in servers.items():  # baseline, then this
                asyncio.run(_closed_loop(server.port, request, clients, 3))  # warm-up
                load_before = os.getloadavg()[0]
                server_cpu, client_cpu = server.cpu_seconds(), time.process_time()
                started = time.monotonic()
                latencies, errors = asyncio.run(
                    _closed_loop(server.port, request, clients, options.seconds)
                )
                elapsed = time.monotonic() - started
                server_cpu = server.cpu_seconds() - server_cpu
                client_cpu = time.process_time() - client_cpu
                for error in errors[:3]:
                    print(f"  {case.name}: {error}", file=sys.stderr)
                rows.append(
                    f"| {case.name} | {label} | {clients} | {len(latencies) / elapsed:.0f} | "
                    f"{percentile(latencies, 0.5):.1f} | {percentile(latencies, 0.95):.1f} | "
                    f"{len(errors)} | {server_cpu / elapsed:.2f} | "
                    f"{server_cpu / max(len(latencies), 1) * 1000:.2f} | "
                    f"{client_cpu / elapsed:.2f} | {load_before:.2f} / {os.getloadavg()[0]:.2f} |"
                )
                print(rows[-1], file=sys.stderr)
    header = [
        f"Closed loop, {options.seconds:g} s per row after a 3 s warm-up; Uvicorn workers: "
        f"{options.workers}; {os.cpu_count()} CPUs. CPU: cores used on average (the server's "
        "processes, this client) and the server's CPU ms per request.",
        "",
        "| case | server | clients | req/s | p50 ms | p95 ms | errors | server CPU | "
        "server CPU ms/req | client CPU | load average before / after |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    return "\n".join([*header, *rows]) + "\n"


# ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    options = parse_args(argv)
    _setup_django()
    from django.db import connection

    secret, token_id = _make_token()
    try:
        cases = _build_cases(options.case_names, options.common_word, options.deep_row)
        if not options.throughput:
            _capture_sql(cases, secret)
            for case in cases if options.show_sql else ():
                print(f"-- {case.name}", *(text for _, text in case.statements), sep="\n")
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM tickets_ticket")
            total = cursor.fetchone()[0]
        connection.close()
        print(f"{total:,} tickets; starting the server…", file=sys.stderr)
        with contextlib.ExitStack() as stack:
            servers = {}
            if options.baseline:
                baseline_dir = Path(options.baseline).resolve()
                servers["baseline"] = stack.enter_context(
                    Server(options.workers, None, baseline_dir)
                )
            servers["this"] = stack.enter_context(Server(options.workers, options.server_log))
            if options.throughput:
                report = measure_throughput(cases, servers, secret, options)
            else:
                load_before = os.getloadavg()
                measure_latency(cases, servers, secret, options)
                report = latency_report(cases, options, (load_before, os.getloadavg()), servers)
        sys.stdout.write(f"{total:,} tickets.\n\n{report}")
    finally:
        _delete_token(token_id)


if __name__ == "__main__":
    main()
