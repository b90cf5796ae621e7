"""graphql-transport-ws, rule by rule, with raw frames against a real Daphne.

Each test follows one rule of the protocol document of the `graphql-ws` npm package
(PROTOCOL.md, what the web client speaks); the legacy protocol's answers are checked at the
end.  Messages are written and read as JSON by hand, not through a GraphQL client, so
what is checked is what goes over the wire.
"""

from __future__ import annotations

import asyncio
import json

import pytest
import websockets

from api.tests.test_subscriptions_auth import browser_login
from testing.live_server import LiveServer, fresh_database
from testing.ws_client import LEGACY_WS, TRANSPORT_WS

pytestmark = pytest.mark.asyncio

INIT_TIMEOUT = 2
PASSWORD = "a protocol password 4 tests"
EVENTS = "subscription { ticketEvents { kind ticket { id title } } }"
CREATE = """mutation($title: String!) {
  createTicket(input: {title: $title, description: "Protocol.", category: BILLING,
    priority: LOW}) { ticket { id title } errors { code } }
}"""


@pytest.fixture(scope="module")
def server():
    from testing.live_server import create_user_token

    with fresh_database() as env:
        create_user_token(env, "paula", "agent", PASSWORD)
        with LiveServer({**env, "GRAPHQL_WS_INIT_TIMEOUT": str(INIT_TIMEOUT)}) as live:
            yield live


class Raw:
    """One socket, JSON messages in and out."""

    def __init__(self, ws):
        self.ws = ws

    async def send(self, message) -> None:
        await self.ws.send(message if isinstance(message, str) else json.dumps(message))

    async def receive(self, timeout: float = 10) -> dict:
        return json.loads(await asyncio.wait_for(self.ws.recv(), timeout))

    async def closed_with(self, timeout: float = 10) -> tuple[int, str]:
        """The server's close (code, reason), skipping messages before it."""
        with pytest.raises(websockets.ConnectionClosed) as closed:
            while True:
                await asyncio.wait_for(self.ws.recv(), timeout)
        assert closed.value.rcvd is not None, closed.value
        return closed.value.rcvd.code, closed.value.rcvd.reason

    async def init(self, payload=None) -> dict:
        await self.send({"type": "connection_init", "payload": payload})
        return await self.receive()


def opened(server: LiveServer, protocol: str = TRANSPORT_WS, **kwargs):
    return websockets.connect(server.ws_url, subprotocols=[protocol], **kwargs)


async def acknowledged(ws, server: LiveServer) -> Raw:
    raw = Raw(ws)
    assert await raw.init({"token": server.token}) == {"type": "connection_ack"}
    return raw


# ConnectionInit / ConnectionAck ---------------------------------------------------------


async def test_connection_init_is_acknowledged_and_may_carry_no_payload(server):
    async with opened(server) as ws:
        raw = Raw(ws)
        await raw.send({"type": "connection_init", "payload": {"token": server.token}})
        ack = await raw.receive()
        assert ack["type"] == "connection_ack" and ack.get("payload") in (None, {})
    # "payload?: Record<string, unknown> | null": absent and null are both allowed, and
    # the session cookie of the handshake then authenticates.
    cookie = {"Cookie": browser_login(server, "paula", PASSWORD)}
    for init in ({"type": "connection_init"}, {"type": "connection_init", "payload": None}):
        async with opened(server, additional_headers=cookie) as ws:
            raw = Raw(ws)
            await raw.send(init)
            assert (await raw.receive())["type"] == "connection_ack"
        async with opened(server) as ws:  # no cookie, no token: refused
            raw = Raw(ws)
            await raw.send(init)
            assert (await raw.closed_with())[0] == 4403


async def test_a_second_connection_init_closes_with_4429(server):
    async with opened(server) as ws:
        raw = await acknowledged(ws, server)
        await raw.send({"type": "connection_init", "payload": {"token": server.token}})
        assert await raw.closed_with() == (4429, "Too many initialisation requests")


async def test_no_connection_init_within_the_wait_timeout_closes_with_4408(server):
    async with opened(server) as ws:
        assert (await Raw(ws).closed_with(INIT_TIMEOUT + 5))[0] == 4408


async def test_refused_credentials_close_with_4403(server):
    async with opened(server) as ws:
        raw = Raw(ws)
        await raw.send({"type": "connection_init", "payload": {"token": "desk_" + "0" * 43}})
        assert (await raw.closed_with())[0] == 4403


# Ping / Pong ----------------------------------------------------------------------------


async def test_ping_is_answered_with_pong_at_any_time_carrying_its_payload(server):
    async with opened(server) as ws:
        raw = Raw(ws)
        await raw.send({"type": "ping"})  # before connection_init too
        assert await raw.receive() == {"type": "pong"}
        await raw.send({"type": "ping", "payload": {"sent": 1}})
        assert await raw.receive() == {"type": "pong", "payload": {"sent": 1}}
        await acknowledged(ws, server)
        await raw.send({"type": "ping", "payload": None})
        assert await raw.receive() == {"type": "pong"}


async def test_an_unsolicited_pong_is_accepted_with_or_without_payload(server):
    async with opened(server) as ws:
        raw = await acknowledged(ws, server)
        await raw.send({"type": "pong"})
        await raw.send({"type": "pong", "payload": {"heartbeat": True}})
        await raw.send({"type": "ping"})
        assert await raw.receive() == {"type": "pong"}  # still open, nothing else sent


# Subscribe / Next / Error / Complete ----------------------------------------------------


async def test_subscribe_before_the_ack_closes_with_4401(server):
    async with opened(server) as ws:
        raw = Raw(ws)
        await raw.send({"id": "1", "type": "subscribe", "payload": {"query": EVENTS}})
        assert await raw.closed_with() == (4401, "Unauthorized")


async def test_a_duplicate_id_of_an_active_operation_closes_with_4409(server):
    async with opened(server) as ws:
        raw = await acknowledged(ws, server)
        await raw.send({"id": "same", "type": "subscribe", "payload": {"query": EVENTS}})
        await raw.send({"id": "same", "type": "subscribe", "payload": {"query": EVENTS}})
        assert await raw.closed_with() == (4409, "Subscriber for same already exists")


async def test_a_query_answers_one_next_then_complete(server):
    async with opened(server) as ws:
        raw = await acknowledged(ws, server)
        await raw.send(
            {"id": "q", "type": "subscribe", "payload": {"query": "{ me { username } }"}}
        )
        assert await raw.receive() == {
            "id": "q",
            "type": "next",
            "payload": {"data": {"me": {"username": "live-agent"}}},
        }
        assert await raw.receive() == {"id": "q", "type": "complete"}
        # The id is free again once completed.
        await raw.send({"id": "q", "type": "subscribe", "payload": {"query": "{ me { role } }"}})
        assert (await raw.receive())["payload"] == {"data": {"me": {"role": "AGENT"}}}
        assert await raw.receive() == {"id": "q", "type": "complete"}


async def test_a_mutation_answers_one_next_then_complete(server):
    async with opened(server) as ws:
        raw = await acknowledged(ws, server)
        payload = {"query": CREATE, "variables": {"title": "Over the socket"}}
        await raw.send({"id": "m", "type": "subscribe", "payload": payload})
        message = await raw.receive()
        assert message["type"] == "next" and message["id"] == "m"
        created = message["payload"]["data"]["createTicket"]
        assert created["errors"] == [] and created["ticket"]["title"] == "Over the socket"
        assert await raw.receive() == {"id": "m", "type": "complete"}
    found = server.gql(
        "query($id: ID!) { ticket(id: $id) { title } }", {"id": created["ticket"]["id"]}
    )
    assert found["ticket"]["title"] == "Over the socket"


async def test_an_invalid_operation_answers_error_with_a_list_of_graphql_errors(server):
    async with opened(server) as ws:
        raw = await acknowledged(ws, server)
        cases = {
            "validation": "subscription { ticketEvents { nope } }",
            "syntax": "subscription { ticketEvents {",
            "query-validation": "{ nope }",
            "unknown-operation": "query A { me { id } }",
        }
        for op_id, query in cases.items():
            payload = {"query": query, "operationName": "B" if "unknown" in op_id else None}
            await raw.send({"id": op_id, "type": "subscribe", "payload": payload})
            message = await raw.receive()
            assert message["type"] == "error" and message["id"] == op_id, message
            assert isinstance(message["payload"], list) and message["payload"], message
            assert all(isinstance(e["message"], str) for e in message["payload"]), message
        # No complete follows an error; the socket serves on.
        await raw.send({"type": "ping"})
        assert await raw.receive() == {"type": "pong"}


async def test_a_bad_subscription_does_not_end_the_sockets_other_operations(server):
    async with opened(server) as ws:
        raw = await acknowledged(ws, server)
        await raw.send({"id": "good", "type": "subscribe", "payload": {"query": EVENTS}})
        await raw.send({"id": "bad", "type": "subscribe", "payload": {"query": "subscription {"}})
        message = await raw.receive()
        assert (message["id"], message["type"]) == ("bad", "error")
        await asyncio.sleep(0.3)  # the subscription is registered with the hub
        data = await server.agql(CREATE, {"title": "After a syntax error"})
        event = await raw.receive()
        assert (event["id"], event["type"]) == ("good", "next"), event
        assert event["payload"]["data"]["ticketEvents"]["ticket"] == data["createTicket"]["ticket"]


async def test_complete_from_the_client_stops_the_operation_and_frees_its_id(server):
    async with opened(server) as ws:
        raw = await acknowledged(ws, server)
        await raw.send({"id": "s", "type": "subscribe", "payload": {"query": EVENTS}})
        await asyncio.sleep(0.3)
        await raw.send({"id": "s", "type": "complete"})
        await raw.send({"id": "never-used", "type": "complete"})  # unknown ids are ignored
        await server.agql(CREATE, {"title": "Nobody listens"})
        await raw.send({"type": "ping"})
        assert await raw.receive() == {"type": "pong"}  # and not a next for "s"
        await raw.send({"id": "s", "type": "subscribe", "payload": {"query": EVENTS}})
        await asyncio.sleep(0.3)
        data = await server.agql(CREATE, {"title": "Listened to again"})
        event = await raw.receive()
        assert event["id"] == "s" and event["type"] == "next"
        assert event["payload"]["data"]["ticketEvents"]["ticket"] == data["createTicket"]["ticket"]


# Invalid message ------------------------------------------------------------------------

INVALID_MESSAGES = [
    "not json",
    "[1]",
    "5",
    "null",
    '"connection_init"',
    {"type": "unknown"},
    {"no": "type"},
    {"type": 1},
    {"type": "connection_init", "payload": [1]},
    {"type": "ping", "payload": "text"},
    {"type": "subscribe", "payload": {"query": EVENTS}},
    {"type": "subscribe", "id": 1, "payload": {"query": EVENTS}},
    {"type": "subscribe", "id": "1"},
    {"type": "subscribe", "id": "1", "payload": "query"},
    {"type": "subscribe", "id": "1", "payload": {"query": 5}},
    {"type": "subscribe", "id": "1", "payload": {"query": EVENTS, "variables": [1]}},
    {"type": "subscribe", "id": "1", "payload": {"query": EVENTS, "operationName": 5}},
    {"type": "complete"},
    {"type": "next", "id": "1", "payload": {}},  # a server's message
]


@pytest.mark.parametrize("acked", [False, True], ids=["before-ack", "after-ack"])
async def test_an_invalid_message_closes_with_4400_at_once(server, acked):
    for message in INVALID_MESSAGES:
        async with opened(server) as ws:
            raw = await acknowledged(ws, server) if acked else Raw(ws)
            await raw.send(message)
            code, reason = await raw.closed_with(timeout=5)
            assert code == 4400, (message, code, reason)


# The legacy protocol (subscriptions-transport-ws) ---------------------------------------


async def test_legacy_protocol_answers_and_closes_like_the_new_one(server):
    async with opened(server, LEGACY_WS) as ws:
        raw = Raw(ws)
        assert await raw.init({"token": server.token}) == {"type": "connection_ack"}
        await raw.send({"id": "q", "type": "start", "payload": {"query": "{ me { username } }"}})
        assert await raw.receive() == {
            "id": "q",
            "type": "data",
            "payload": {"data": {"me": {"username": "live-agent"}}},
        }
        assert await raw.receive() == {"id": "q", "type": "complete"}
        await raw.send({"id": "e", "type": "start", "payload": {"query": "{ nope }"}})
        error = await raw.receive()
        assert (error["id"], error["type"]) == ("e", "error") and error["payload"]["message"]
        await raw.send("[1]")
        assert (await raw.closed_with())[0] == 4400
    async with opened(server, LEGACY_WS) as ws:  # refused credentials
        raw = Raw(ws)
        assert (await raw.init({"token": "nonsense"}))["type"] == "connection_error"
        assert (await raw.closed_with())[0] == 4403
    async with opened(server, LEGACY_WS) as ws:  # null payload, no cookie: refused too
        raw = Raw(ws)
        assert (await raw.init(None))["type"] == "connection_error"
        assert (await raw.closed_with())[0] == 4403
