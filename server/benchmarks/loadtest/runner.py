"""`make loadtest`: the desk's deployment topology under a realistic mix, with websocket
subscribers attached, for a bounded time; prints throughput, latency percentiles per
operation, errors, the subscribers' event counts and lag, and the processes' memory.

Steps, each through the project's own commands:
 1. the database (LOADTEST_DATABASE_URL, default desk_loadtest on 127.0.0.1) is created if
    missing, migrated, and seeded with `manage.py seed_demo` up to LOADTEST_TICKETS tickets
    (an existing database with at least that many is reused as it is; the load test's own
    creates stay in it), then VACUUM ANALYZE after a seeding;
 2. LOADTEST_AGENTS agents and LOADTEST_REQUESTERS requesters with API tokens, new for the
    run (`manage.py create_user --api-token`);
 3. a stack of its own: scripts/stack.sh (what `make stack` runs: nginx with
    deploy/nginx.conf in front of LOADTEST_SERVERS Uvicorn processes, DEBUG off, JSON request
    logs) on free ports, never a running one, so the settings and the processes measured are
    known.  Rate limits are off (the clients write faster than people do) and
    OPENAI_API_KEY is empty (the local classifier answers; no network);
 4. Locust headless (locustfile.py) for LOADTEST_SECONDS with LOADTEST_CLIENTS HTTP users
    and LOADTEST_SUBSCRIBERS websocket subscribers, while every LOADTEST_SAMPLE_SECONDS the
    RSS and CPU time of the servers, nginx and Locust are read from /proc;
 5. the stack is stopped (SIGTERM, as Ctrl-C on `make stack`), and the report printed and
    written to LOADTEST_OUTPUT (bench-results/loadtest.md, git-ignored), next to Locust's
    CSV files, its log and the stack's log, named after it (loadtest_stats.csv,
    loadtest-locust.log, loadtest-stack.log, loadtest-subscribers.json).

Environment variables (or the options below; an option wins):
  LOADTEST_SECONDS (60)  LOADTEST_CLIENTS (32)  LOADTEST_SUBSCRIBERS (200)
  LOADTEST_TICKETS (100000)  LOADTEST_DATABASE_URL  LOADTEST_REDIS_URL (redis db 0, keys
  under the prefix desk-loadtest)  LOADTEST_SERVERS (2)  LOADTEST_WEB_CONCURRENCY (1)
  LOADTEST_SPAWN_RATE (50/s)  LOADTEST_WAIT (0 s think time)  LOADTEST_AGENTS (4)
  LOADTEST_REQUESTERS (4)  LOADTEST_SAMPLE_SECONDS (5)  LOADTEST_OUTPUT

    cd server && ../.venv/bin/python -m benchmarks.loadtest [--seconds 60] [--clients 32] …
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.loadtest import report
from benchmarks.loadtest.memory import Sampler
from testing.live_server import SERVER_DIR
from testing.ports import free_port

ROOT = SERVER_DIR.parent
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
# (option, environment variable, default, type, help)
OPTIONS = (
    ("seconds", "LOADTEST_SECONDS", "60", float, "how long Locust runs"),
    ("clients", "LOADTEST_CLIENTS", "32", int, "HTTP users (3 agents : 1 requester)"),
    ("subscribers", "LOADTEST_SUBSCRIBERS", "200", int, "websocket subscribers (agents)"),
    ("tickets", "LOADTEST_TICKETS", "100000", int, "seed the database up to this many"),
    (
        "database-url",
        "LOADTEST_DATABASE_URL",
        "postgres://postgres@127.0.0.1:5432/desk_loadtest",
        str,
        "PostgreSQL database (created if missing)",
    ),
    ("redis-url", "LOADTEST_REDIS_URL", "redis://127.0.0.1:6379/0", str, "Redis"),
    ("servers", "LOADTEST_SERVERS", "2", int, "Uvicorn processes behind nginx"),
    ("web-concurrency", "LOADTEST_WEB_CONCURRENCY", "1", int, "WEB_CONCURRENCY of each"),
    ("spawn-rate", "LOADTEST_SPAWN_RATE", "50", float, "users started per second"),
    ("wait", "LOADTEST_WAIT", "0", float, "mean think time of an HTTP user, seconds"),
    ("agents", "LOADTEST_AGENTS", "4", int, "agent accounts the users share"),
    ("requesters", "LOADTEST_REQUESTERS", "4", int, "requester accounts the users share"),
    ("sample-seconds", "LOADTEST_SAMPLE_SECONDS", "5", float, "RSS sampling interval"),
    ("output", "LOADTEST_OUTPUT", str(ROOT / "bench-results/loadtest.md"), Path, "report"),
)
CHANNEL_PREFIX = "desk-loadtest"
# From scripts/stack.sh's start to nginx answering /readyz: collectstatic, migrate, the
# servers' start (about 2 minutes at a load average of 15 on 2 cores).
STACK_START_SECONDS = 600
NGINX_CONNECTIONS = 512  # worker_connections: nginx's default, scripts/stack_nginx.sh's


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.loadtest",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    for name, variable, default, kind, what in OPTIONS:
        parser.add_argument(
            f"--{name}",
            type=kind,
            default=kind(os.environ.get(variable) or default),
            help=f"{what} (${variable}, default {default})",
        )
    options = parser.parse_args(argv)
    if 2 * (options.clients + options.subscribers) > NGINX_CONNECTIONS - 32:
        print(
            f"loadtest: warning: {options.clients + options.subscribers} users need about "
            f"{2 * (options.clients + options.subscribers)} nginx connections (one to the "
            f"client, one upstream); scripts/stack_nginx.sh's one worker has nginx's default "
            f"{NGINX_CONNECTIONS}",
            file=sys.stderr,
        )
    if options.seconds <= 0 or options.clients < 1 or options.subscribers < 0:
        parser.error("--seconds must be > 0, --clients >= 1, --subscribers >= 0")
    if options.agents < 1 or options.requesters < 1 or options.servers < 1:
        parser.error("--agents, --requesters and --servers must be >= 1")
    return options


def main(argv: list[str] | None = None) -> None:
    options = parse_args(argv)
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # inherited by the stack
    results = options.output.parent
    results.mkdir(parents=True, exist_ok=True)
    env = _desk_env(options)
    started_at = datetime.now(UTC)
    seeding = prepare_database(options, env)
    agents, requesters = create_accounts(options, env)
    ports = [free_port() for _ in range(options.servers + 1)]
    stack_log = _beside(options.output, "-stack.log")
    with running_stack(options, env, ports, stack_log) as stack:
        url = f"http://127.0.0.1:{ports[0]}"
        sampler = Sampler([stack.pid], options.sample_seconds).start()
        load_before = os.getloadavg()
        locust, prefix, tally_path = run_locust(options, url, agents, requesters, sampler)
        sampler.stop()
        load_after = os.getloadavg()
    if not Path(f"{prefix}_stats.csv").exists():
        log = _beside(options.output, "-locust.log").read_text(errors="replace")
        raise SystemExit(f"loadtest: Locust wrote no statistics:\n{log[-3000:]}")
    rows = report.locust_rows(prefix)
    facts = [
        f"{started_at:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs; load average (1/5/15 min) "
        f"before {_load(load_before)}, after {_load(load_after)}",
        f"command: `{_command(options)}`",
        f"{options.clients} HTTP users (3 agents : 1 requester, think time {options.wait:g} s) "
        f"+ {options.subscribers} websocket subscribers for {options.seconds:g} s; "
        f"{options.servers} Uvicorn processes (WEB_CONCURRENCY {options.web_concurrency}) "
        f"behind nginx, PostgreSQL {_database_name(options.database_url)}, Redis",
        seeding,
        f"Locust exit status {locust.returncode}; files: {prefix.name}_*.csv, "
        f"{prefix.name}-locust.log, {stack_log.name} in {results}",
    ]
    text = report.render(
        title="Load test",
        facts=facts,
        rows=rows,
        failures=report.locust_failures(prefix),
        tally=report.read_tally(tally_path),
        samples=sampler.samples,
        seconds=options.seconds,
    )
    options.output.write_text(text)
    sys.stdout.write(text)


def _beside(output: Path, suffix: str) -> Path:
    """A file next to the report, named after it: loadtest.md, loadtest-stack.log, …"""
    return output.with_name(output.stem + suffix)


def _load(values: tuple[float, float, float]) -> str:
    return " / ".join(f"{v:.2f}" for v in values)


def _command(options: argparse.Namespace) -> str:
    changed = []
    for name, variable, default, kind, _ in OPTIONS:
        value = getattr(options, name.replace("-", "_"))
        if value != kind(default):
            shown = f"{value:g}" if isinstance(value, float) else str(value)
            changed.append(f"{variable}={shlex.quote(shown)}")
    return " ".join([*changed, "make loadtest"])


def _database_name(url: str) -> str:
    return url.rsplit("/", 1)[-1].split("?")[0]


def _desk_env(options: argparse.Namespace) -> dict:
    """The environment of the desk's commands and servers: production settings."""
    return {
        **os.environ,
        "DATABASE_URL": options.database_url,
        "REDIS_URL": options.redis_url,
        "CHANNEL_LAYER_PREFIX": CHANNEL_PREFIX,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": f"loadtest-only-{uuid.uuid4().hex}",
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "RATE_LIMIT_CREATE_TICKET": "off",
        "RATE_LIMIT_CLASSIFY": "off",
        "OPENAI_API_KEY": "",
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
    }


def _manage(env: dict, *args: str, quiet: bool = False) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=SERVER_DIR,
        env=env,
        check=True,
        capture_output=quiet,
        text=True,
    )
    return done.stdout or ""


def _psql(url: str, sql: str) -> str:
    done = subprocess.run(["psql", url, "-tAc", sql], check=True, capture_output=True, text=True)
    return done.stdout.strip()


def prepare_database(options: argparse.Namespace, env: dict) -> str:
    """Created, migrated and seeded up to --tickets; says what was done."""
    name = _database_name(options.database_url)
    admin = options.database_url.rsplit("/", 1)[0] + "/postgres"
    if _psql(admin, f"SELECT 1 FROM pg_database WHERE datname = '{name}'") != "1":
        _psql(admin, f'CREATE DATABASE "{name}"')
    print(f"== loadtest: migrating {name}", flush=True)
    _manage(env, "migrate", "--noinput", "-v0")
    have = int(_psql(options.database_url, "SELECT count(*) FROM tickets_ticket"))
    if have >= options.tickets:
        return f"database {name}: {have:,} tickets, reused (none seeded)"
    print(f"== loadtest: seeding {options.tickets - have:,} tickets", flush=True)
    started = time.monotonic()
    _manage(env, "seed_demo", "--count", str(options.tickets - have), "--seed", "1")
    _psql(options.database_url, "VACUUM ANALYZE tickets_ticket")
    return (
        f"database {name}: seeded {options.tickets - have:,} tickets (had {have:,}) in "
        f"{time.monotonic() - started:.0f} s, then VACUUM ANALYZE"
    )


def create_accounts(options: argparse.Namespace, env: dict) -> tuple[list[str], list[str]]:
    """New agents and requesters for this run, each with an API token (their secrets)."""
    run = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    wanted = [("agent", i) for i in range(options.agents)]
    wanted += [("requester", i) for i in range(options.requesters)]
    print(f"== loadtest: creating {len(wanted)} accounts", flush=True)
    account_env = {**env, "DESK_USER_PASSWORD": uuid.uuid4().hex}

    def create(role_and_number: tuple[str, int]) -> str:
        role, number = role_and_number
        username = f"loadtest-{run}-{role}-{number}"
        args = ("create_user", username, "--role", role, "--api-token", "load test")
        return _manage(account_env, *args, quiet=True).strip().splitlines()[-1]

    with ThreadPoolExecutor(max_workers=4) as pool:
        tokens = list(pool.map(create, wanted))
    return tokens[: options.agents], tokens[options.agents :]


@contextlib.contextmanager
def running_stack(options: argparse.Namespace, env: dict, ports: list[int], log_path: Path):
    """scripts/stack.sh in a session of its own, ready; stopped on the way out."""
    nginx_dir = tempfile.mkdtemp(prefix="loadtest-nginx-")
    stack_env = {
        **env,
        "PORT": str(ports[0]),
        "STACK_PORTS": " ".join(map(str, ports[1:])),
        "STACK_DB": _database_name(options.database_url),
        "STACK_DB_EXISTS": "1",
        "STACK_NGINX_DIR": nginx_dir,
        "WEB_CONCURRENCY": str(options.web_concurrency),
    }
    print(f"== loadtest: starting the stack on port {ports[0]} (log: {log_path})", flush=True)
    with open(log_path, "w") as log:
        stack = subprocess.Popen(
            ["bash", str(ROOT / "scripts/stack.sh")],
            cwd=ROOT,
            env=stack_env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_ready(f"http://127.0.0.1:{ports[0]}/readyz", stack, log_path)
        yield stack
    finally:
        print("== loadtest: stopping the stack", flush=True)
        stack.send_signal(signal.SIGTERM)
        try:
            stack.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(stack.pid, signal.SIGKILL)  # its own session: only what it started
            stack.wait()
        shutil.rmtree(nginx_dir, ignore_errors=True)


def _wait_ready(url: str, stack: subprocess.Popen, log_path: Path) -> None:
    started = time.monotonic()
    deadline = started + STACK_START_SECONDS
    while True:
        with contextlib.suppress(OSError):
            urllib.request.urlopen(url, timeout=2).close()
            return
        if stack.poll() is not None or time.monotonic() > deadline:
            tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-30:])
            how = "exited" if stack.poll() is not None else "was not ready"
            raise SystemExit(
                f"loadtest: the stack {how} after {time.monotonic() - started:.0f} s; "
                f"the end of {log_path}:\n{tail or '(nothing)'}"
            )
        time.sleep(0.5)


def run_locust(options, url: str, agents, requesters, sampler: Sampler):
    """Locust headless against ``url``; returns its process, CSV prefix and tally path."""
    prefix = _beside(options.output, "")
    tally_path = _beside(options.output, "-subscribers.json")
    tally_path.unlink(missing_ok=True)
    env = {
        **os.environ,
        "PYTHONPATH": str(SERVER_DIR),
        "LOADTEST_AGENT_TOKENS": ",".join(agents),
        "LOADTEST_REQUESTER_TOKENS": ",".join(requesters),
        "LOADTEST_SUBSCRIBERS": str(options.subscribers),
        "LOADTEST_WAIT": str(options.wait),
        "LOADTEST_SUMMARY": str(tally_path),
    }
    users = options.clients + options.subscribers
    command = [
        str(Path(sys.executable).parent / "locust"),
        "-f", str(LOCUSTFILE), "--headless", "--only-summary",
        "-u", str(users), "-r", str(options.spawn_rate), "-t", f"{options.seconds:g}s",
        "-H", url, "--csv", str(prefix), "--loglevel", "WARNING",
    ]  # fmt: skip
    print(
        f"== loadtest: Locust, {options.clients} clients + {options.subscribers} subscribers "
        f"for {options.seconds:g} s",
        flush=True,
    )
    with open(_beside(options.output, "-locust.log"), "w") as log:
        locust = subprocess.Popen(
            command, cwd=SERVER_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        sampler.add_root(locust.pid)
        locust.wait()
    return locust, prefix, tally_path
