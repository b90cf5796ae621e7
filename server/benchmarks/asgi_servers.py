"""Daphne vs Uvicorn for the desk's production server (docs/deployment.md), measured.

Against one fresh database (seeded with ``seed_demo``), each server runs config.asgi with
the same settings (DEBUG off) and gets the same load: CONCURRENCY keep-alive connections,
each sending the web client's ticket-list query (25 tickets) as an agent for SECONDS
(after a 3 s warm-up).
Reported: requests per second, p50/p95/p99 latency, and the server's CPU seconds per 1,000
requests.  Then graceful shutdown: SIGTERM while a 2-second request is in flight, and what an
open GraphQL websocket sees.

    cd server && ../.venv/bin/python -m benchmarks.asgi_servers [--seconds 15] [--concurrency 16]
        [--tickets 2000] [--workers 1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from testing.live_server import SERVER_DIR, fresh_database, server_env
from testing.ports import free_port

QUERY = (
    "query { tickets(first: 25) { edges { node { id title category priority status createdAt } }"
    " pageInfo { hasNextPage endCursor } } }"
)


# The desk's app plus one route that takes 2 s, to see what SIGTERM does to a request.
SLOW_APP = """
import asyncio
from config.asgi import application

async def app(scope, receive, send):
    if scope["type"] == "http" and scope["path"] == "/_slow":
        await asyncio.sleep(2)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        return await send({"type": "http.response.body", "body": b"done"})
    return await application(scope, receive, send)
"""


def command(kind: str, port: int, workers: int) -> list[str]:
    bin_dir = Path(sys.executable).parent
    if kind == "daphne":
        return [str(bin_dir / "daphne"), "-p", str(port), "--access-log", "/dev/null",
                "bench_slow_app:app"]  # fmt: skip
    return [str(bin_dir / "uvicorn"), "--port", str(port), "--workers", str(workers),
            "--no-access-log", "--lifespan", "off", "--timeout-graceful-shutdown", "20",
            "bench_slow_app:app"]  # fmt: skip


async def request(reader, writer, body: bytes, token: str, path: str = "/graphql") -> int:
    writer.write(
        f"POST {path} HTTP/1.1".encode()
        + b"\r\nHost: localhost\r\nContent-Type: application/json\r\n"
        + f"Authorization: Bearer {token}\r\nContent-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    headers = {
        k.strip().lower(): v.strip()
        for k, _, v in (line.partition(b":") for line in head.split(b"\r\n")[1:] if line)
    }
    if b"content-length" in headers:
        data = await reader.readexactly(int(headers[b"content-length"]))
    else:  # chunked
        data = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            data += (await reader.readexactly(size + 2))[:-2]
            if size == 0:
                break
    if status != 200:
        print(status, data[:300], file=sys.stderr)
    return status


async def load(port: int, token: str, seconds: float, concurrency: int) -> list[float]:
    body = json.dumps({"query": QUERY}).encode()
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds

    async def worker():
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            if await request(reader, writer, body, token) != 200:
                errors += 1
            latencies.append(time.perf_counter() - started)
        writer.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    assert errors == 0, f"{errors} non-200 responses"
    return latencies


def cpu_seconds(pid: int) -> float:
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    pids = [pid] + [
        int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                                       text=True).stdout.split()
    ]  # fmt: skip
    for p in pids:
        fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def wait_ready(port: int, process: subprocess.Popen) -> None:
    import urllib.request

    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2)
            return
        except OSError:
            assert process.poll() is None, "server exited"
            time.sleep(0.2)
    raise RuntimeError("server did not start")


async def shutdown_behaviour(port: int, process: subprocess.Popen, token: str) -> str:
    import websockets

    ws = await websockets.connect(f"ws://127.0.0.1:{port}/graphql",
                                  subprotocols=["graphql-transport-ws"])  # fmt: skip
    await ws.send(json.dumps({"type": "connection_init", "payload": {"token": token}}))
    await ws.recv()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    pending = asyncio.ensure_future(request(reader, writer, b"{}", token, "/_slow"))
    await asyncio.sleep(0.5)
    process.send_signal(signal.SIGTERM)
    try:
        status = await asyncio.wait_for(pending, 30)
        in_flight = f"in-flight request answered {status}"
    except (asyncio.IncompleteReadError, ConnectionError, TimeoutError) as exc:
        in_flight = f"in-flight request cut ({type(exc).__name__})"
    try:
        await asyncio.wait_for(ws.recv(), 30)
        socket_end = "websocket got a message"
    except websockets.ConnectionClosed as exc:
        code = exc.rcvd.code if exc.rcvd else None
        socket_end = f"websocket closed with code {code}" if code else "websocket dropped"
    except TimeoutError:
        socket_end = "websocket left open"
    process.wait(30)
    return f"{in_flight}; {socket_end}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.asgi_servers")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--tickets", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=1)
    options = parser.parse_args(argv)
    rows = []
    app_dir = tempfile.mkdtemp(prefix="bench-asgi-")
    Path(app_dir, "bench_slow_app.py").write_text(SLOW_APP)
    with fresh_database() as env:
        token = env["DESK_TEST_AGENT_TOKEN"]
        prod = server_env({**env, "DEBUG": "0", "SECRET_KEY": "bench-only",
                           "ALLOWED_HOSTS": "localhost,127.0.0.1", "LOG_LEVEL": "WARNING",
                           "PYTHONPATH": app_dir})  # fmt: skip
        subprocess.run([sys.executable, "manage.py", "seed_demo", "--count", str(options.tickets)],
                       cwd=SERVER_DIR, env=prod, check=True, capture_output=True)  # fmt: skip
        for kind in ("daphne", "uvicorn"):
            if kind == "daphne" and options.workers > 1:
                continue
            port = free_port()
            process = subprocess.Popen(command(kind, port, options.workers),
                                       cwd=SERVER_DIR, env=prod)  # fmt: skip
            try:
                wait_ready(port, process)
                asyncio.run(load(port, token, 3, options.concurrency))  # warm-up
                cpu_before = cpu_seconds(process.pid)
                started = time.monotonic()
                latencies = asyncio.run(load(port, token, options.seconds, options.concurrency))
                elapsed = time.monotonic() - started
                cpu = cpu_seconds(process.pid) - cpu_before
                latencies.sort()
                q = statistics.quantiles(latencies, n=100)
                shutdown = asyncio.run(shutdown_behaviour(port, process, token))
                label = kind if kind == "daphne" else f"uvicorn --workers {options.workers}"
                rows.append(
                    f"| {label} | {len(latencies) / elapsed:.0f} | {q[49] * 1000:.1f} | "
                    f"{q[94] * 1000:.1f} | {q[98] * 1000:.1f} | "
                    f"{cpu / len(latencies) * 1000:.2f} | {shutdown} |"
                )
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait()
    print(f"{options.concurrency} connections, {options.seconds:.0f} s, {options.tickets} tickets,"
          f" {os.cpu_count()} CPUs\n")  # fmt: skip
    print("| server | req/s | p50 ms | p95 ms | p99 ms | CPU s / 1k req | SIGTERM |")
    print("|---|---|---|---|---|---|---|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
