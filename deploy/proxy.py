#!/usr/bin/env python3
"""A small TCP proxy for `make stack`: the one port in front of several server processes.

Each client connection goes to the next backend in turn (round robin) and is then relayed
byte for byte both ways, so HTTP keep-alive, request bodies and websocket upgrades
(``/graphql`` subscriptions) pass through untouched.  A backend that refuses the connection
is skipped for the next one, so a restarting process costs no failed request.  It plays the
role nginx plays in compose.yaml; only the standard library, so it runs anywhere the
desk's Python does.

    python deploy/proxy.py --listen 127.0.0.1:8000 127.0.0.1:8001 127.0.0.1:8002

SIGTERM/SIGINT: stop accepting, let open connections finish for up to --grace seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import signal
import sys


def address(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    return host or "127.0.0.1", int(port)


async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        with contextlib.suppress(Exception):
            if writer.can_write_eof():
                writer.write_eof()


class Proxy:
    def __init__(self, backends: list[tuple[str, int]]):
        self.backends = backends
        self.turn = itertools.cycle(range(len(backends)))
        self.open: set[asyncio.Task] = set()

    async def connect_backend(self):
        first = next(self.turn)
        for offset in range(len(self.backends)):
            host, port = self.backends[(first + offset) % len(self.backends)]
            try:
                return await asyncio.wait_for(asyncio.open_connection(host, port), 5)
            except (OSError, TimeoutError):
                continue
        return None

    async def handle(self, client_reader, client_writer) -> None:
        self.open.add(asyncio.current_task())
        backend = await self.connect_backend()
        try:
            if backend is None:
                client_writer.write(
                    b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                )
                await client_writer.drain()
                return
            backend_reader, backend_writer = backend
            await asyncio.gather(
                pipe(client_reader, backend_writer), pipe(backend_reader, client_writer)
            )
            backend_writer.close()
        finally:
            client_writer.close()
            self.open.discard(asyncio.current_task())


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--listen", default="127.0.0.1:8000")
    parser.add_argument("--grace", type=float, default=30.0)
    parser.add_argument("backends", nargs="+", help="host:port of each server process")
    options = parser.parse_args()
    proxy = Proxy([address(b) for b in options.backends])
    host, port = address(options.listen)
    server = await asyncio.start_server(proxy.handle, host, port, backlog=1024)
    print(f"proxy on http://{host}:{port} -> {', '.join(options.backends)}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()
    if proxy.open:
        await asyncio.wait(set(proxy.open), timeout=options.grace)


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
