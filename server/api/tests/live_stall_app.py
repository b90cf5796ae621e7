"""The test server's app plus a route that makes this process's live hub fall behind on
purpose: ``/_test/write-while-stalled`` creates tickets on a thread while it holds the
event loop (and with it the hub) blocked, then answers their titles.  The hub, freed,
finds the log has moved on further than it keeps."""

from __future__ import annotations

import json
import threading
import urllib.parse
import uuid

from core.actors import SYSTEM
from testing.live_app import application as test_application


def _write(count: int, titles: list[str]) -> None:
    from django.db import connection

    from tickets.services import create_ticket

    marker = uuid.uuid4().hex[:8]
    try:
        for index in range(count):
            title = f"Stalled {marker} {index}"
            create_ticket(
                actor=SYSTEM,
                title=title,
                description="Written while the hub was stalled.",
                category="general",
                priority="low",
            )
            titles.append(title)
    finally:
        connection.close()


async def application(scope, receive, send):
    if scope["type"] == "http" and scope.get("path") == "/_test/write-while-stalled":
        query = urllib.parse.parse_qs(scope.get("query_string", b"").decode())
        titles: list[str] = []
        writer = threading.Thread(target=_write, args=(int(query["count"][0]), titles))
        writer.start()
        writer.join()  # on the event loop: nothing else in this process runs meanwhile
        body = json.dumps({"titles": titles}).encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json")]})  # fmt: skip
        await send({"type": "http.response.body", "body": body})
        return
    if scope["type"] == "http" and scope.get("path") == "/_test/gaps":
        from tickets.live.hub import get_hub

        body = json.dumps({"gaps": get_hub().gaps}).encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json")]})  # fmt: skip
        await send({"type": "http.response.body", "body": body})
        return
    await test_application(scope, receive, send)
