"""The ASGI app a ``LiveServer`` serves: the desk's app plus two routes only tests use, a
write that is rolled back and the hub's counters.  Imported by the server subprocess
(``testing.live_app:application``), never by the test process, which needs no Django for
the client side.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time

from channels.db import database_sync_to_async
from django.db import transaction

from config.asgi import application as desk_application  # sets Django up first
from core.actors import SYSTEM
from testing.live_server import rss_kb
from tickets.live.hub import get_hub
from tickets.services import create_ticket


class _RolledBack(Exception):
    pass


def _rolled_back_write() -> None:
    with contextlib.suppress(_RolledBack), transaction.atomic():
        create_ticket(
            actor=SYSTEM, title="Rolled back", description="Never committed", category="billing"
        )
        raise _RolledBack


async def _respond(send, body: dict) -> None:
    payload = json.dumps(body).encode()
    headers = [(b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


async def application(scope, receive, send):
    path = scope.get("path", "")
    if scope["type"] == "http" and path == "/_test/rolled-back-write":
        await database_sync_to_async(_rolled_back_write)()
        return await _respond(send, {"ok": True})
    if scope["type"] == "http" and path == "/_test/hub":
        hub = get_hub()
        return await _respond(
            send,
            {
                **hub.sizes(),
                "tasks": len(asyncio.all_tasks()),
                "rss_kb": rss_kb(),
                "cpu_seconds": time.process_time(),
                "events_received": hub.events_received,
                "stats_computations": hub.stats_computations,
            },
        )
    return await desk_application(scope, receive, send)
