"""Each HTTP request runs in one worker thread (config/http_handler.py): the started and
finished signals (which hand the database connection back to the pool) and everything
between them in the same thread, off the event loop's."""

from __future__ import annotations

import asyncio
import threading

from django.core.signals import request_finished, request_started

from config.http_handler import OneHopASGIHandler


async def _get(app, path: str) -> tuple[int, bytes]:
    sent: list[dict] = []
    delivered = False

    async def receive():
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # no disconnect

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"localhost")],
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    await app(scope, receive, send)
    body = b"".join(message.get("body", b"") for message in sent[1:])
    return sent[0]["status"], body


def test_a_request_starts_and_finishes_in_one_worker_thread():
    threads: list[tuple[str, int]] = []

    def started(**kwargs):
        threads.append(("started", threading.get_ident()))

    def finished(**kwargs):
        threads.append(("finished", threading.get_ident()))

    request_started.connect(started)
    request_finished.connect(finished)
    try:
        status, body = asyncio.run(_get(OneHopASGIHandler(), "/healthz"))
    finally:
        request_started.disconnect(started)
        request_finished.disconnect(finished)

    assert (status, body) == (200, b'{"status": "ok"}')
    assert [name for name, _ in threads] == ["started", "finished"]
    assert threads[0][1] == threads[1][1] != threading.get_ident()
