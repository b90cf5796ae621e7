"""The websocket subscriber of the load test: an agent's open browser tab, one socket with the
web client's ``ticketEvents`` (the ticket list) and ``ticketStats`` (the dashboard)
subscriptions over graphql-transport-ws.

It uses websocket-client, whose blocking socket calls gevent's monkeypatching makes
cooperative (the asyncio ``websockets`` library would not run inside Locust's gevent loop).
Each message is reported to Locust's statistics as a "WS" request whose response time is
its lag, so the lag percentiles sit in Locust's table next to the HTTP operations:

- ``ticketEvents lag``: from the write's ``updatedAt`` (server clock, same machine) to the
  event's arrival;
- ``ticketStats lag``: for every create, from its HTTP answer to the first ``ticketStats``
  message whose ``totalTickets`` counts it (the feed sends at most one message per 250 ms
  by design, which is part of this lag).

A subscription ended by the server (LIVE_UPDATES_INTERRUPTED) is counted and subscribed
again, as the web client does; a dropped socket is counted and reconnected.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import time
from datetime import datetime

import gevent
import websocket
from locust import User, constant, task

from benchmarks.loadtest import operations, tally

PROTOCOL = "graphql-transport-ws"
# How long subscribers keep reading after the load stops, for events still on their way.
DRAIN_SECONDS = float(os.environ.get("LOADTEST_DRAIN_SECONDS", "5"))
# Writes answered this long after a subscriber's first ticketStats message are ones it must
# hear about (its ticketEvents subscription is live by then).
SETTLE_SECONDS = 1.0


class Subscriber(User):
    fixed_count = int(os.environ.get("LOADTEST_SUBSCRIBERS", "0"))
    wait_time = constant(1)
    _tokens = itertools.cycle(os.environ.get("LOADTEST_AGENT_TOKENS", "").split(","))

    def on_start(self) -> None:
        self.token = next(self._tokens)
        self.url = self.host.replace("http", "ws", 1).rstrip("/") + "/graphql"
        self.ws: websocket.WebSocket | None = None
        self.ops: dict[str, str] = {}
        self.op_ids = itertools.count(1)
        self.stopping = False
        self.settled_at: float | None = None
        self.heard = 0  # events arrived after settling
        self.stats_counted: int | None = None  # creates the last stats message counted
        self.reader = gevent.spawn(self._run)

    @task
    def listen(self) -> None:
        """Nothing: the reader greenlet does the listening."""

    def on_stop(self) -> None:
        gevent.sleep(DRAIN_SECONDS)
        self.stopping = True
        self.reader.kill(block=True, timeout=2)  # before closing: one reader per socket
        if self.ws is not None:
            with contextlib.suppress(Exception):
                self.ws.close(timeout=1)
        totals = tally.totals
        if self.settled_at is not None:
            expected = tally.writes_since(self.settled_at + SETTLE_SECONDS)
            totals.events_expected += expected
            totals.events_missed += max(0, expected - self.heard)
        if self.stats_counted is not None:
            totals.stats_behind += max(0, len(tally.creates) - self.stats_counted)

    # The socket --------------------------------------------------------------------------

    def _run(self) -> None:
        while not self.stopping:
            try:
                self._connect()
                self._read()
            except Exception as exc:  # noqa: BLE001 - any end of the socket is counted alike
                if self.stopping:
                    return
                tally.totals.disconnects += 1
                self._report("connection", 0, exc)
                gevent.sleep(1)

    def _connect(self) -> None:
        started = time.perf_counter()
        try:
            ws = websocket.create_connection(
                self.url, subprotocols=[PROTOCOL], timeout=30, skip_utf8_validation=True
            )
            ws.send(json.dumps({"type": "connection_init", "payload": {"token": self.token}}))
            ack = json.loads(_receive(ws))
            if ack.get("type") != "connection_ack":
                raise ConnectionError(f"no connection_ack: {ack}")
        except Exception as exc:
            tally.totals.connect_failures += 1
            self._report("connect", (time.perf_counter() - started) * 1000, exc)
            raise
        self._report("connect", (time.perf_counter() - started) * 1000)
        tally.totals.connected += 1
        ws.settimeout(None)
        self.ws = ws
        self.ops = {}
        self._subscribe("events")
        self._subscribe("stats")

    def _subscribe(self, kind: str) -> None:
        op_id = f"{kind}-{next(self.op_ids)}"
        query = operations.SUBSCRIBE_EVENTS if kind == "events" else operations.SUBSCRIBE_STATS
        self.ops[op_id] = kind
        message = {"id": op_id, "type": "subscribe", "payload": {"query": query}}
        self.ws.send(json.dumps(message))

    def _read(self) -> None:
        while True:
            raw = _receive(self.ws)
            message = json.loads(raw)
            kind = message.get("type")
            if kind == "next":
                self._on_next(message["id"], message["payload"], len(raw))
            elif kind == "ping":
                self.ws.send(json.dumps({"type": "pong"}))
            elif kind in ("error", "complete"):
                self._ended(message.get("id", ""), message.get("payload"))

    def _ended(self, op_id: str, why) -> None:
        """The server ended a subscription: counted (unless already), then subscribed again."""
        kind = self.ops.pop(op_id, None)
        if kind is None:
            return
        tally.totals.interrupted += 1
        self._report(f"{kind} interrupted", 0, RuntimeError(f"{why}"[:300]))
        self._subscribe(kind)

    def _on_next(self, op_id: str, payload: dict, size: int) -> None:
        kind = self.ops.get(op_id)
        if payload.get("errors") or kind is None:
            self._ended(op_id, payload.get("errors"))
            return
        now = time.monotonic()
        if kind == "events":
            ticket = payload["data"]["ticketEvents"]["ticket"]
            written = datetime.fromisoformat(ticket["updatedAt"]).timestamp()
            self._report("ticketEvents lag", max(0.0, time.time() - written) * 1000, size=size)
            tally.totals.events += 1
            if self.settled_at is not None and now >= self.settled_at + SETTLE_SECONDS:
                self.heard += 1
            return
        tally.totals.stats_messages += 1
        total = payload["data"]["ticketStats"]["totalTickets"]
        if self.settled_at is None:
            self.settled_at = now
        if tally.base_total is None:
            return
        counted = total - tally.base_total
        if self.stats_counted is not None:
            for i in range(self.stats_counted, counted):
                answered = tally.creates[i] if i < len(tally.creates) else now
                self._report("ticketStats lag", max(0.0, now - answered) * 1000, size=size)
        self.stats_counted = max(counted, self.stats_counted or 0)

    def _report(self, name: str, ms: float, exception: Exception | None = None, size: int = 0):
        errors = tally.totals.errors
        if exception is not None and len(errors) < 20:
            errors.append(f"{name}: {exception!r}"[:300])
        self.environment.events.request.fire(
            request_type="WS",
            name=name,
            response_time=ms,
            response_length=size,
            exception=exception,
            context={},
        )


def _receive(ws: websocket.WebSocket) -> str:
    """The next text message; a close from the server raises with its code and reason."""
    while True:
        opcode, data = ws.recv_data(control_frame=True)
        if opcode == websocket.ABNF.OPCODE_TEXT:
            return data.decode()
        if opcode == websocket.ABNF.OPCODE_CLOSE:
            code = int.from_bytes(data[:2], "big") if len(data) >= 2 else None
            reason = data[2:].decode(errors="replace")
            raise ConnectionError(f"closed by the server: {code} {reason}")
