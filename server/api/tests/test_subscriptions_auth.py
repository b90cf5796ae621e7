"""Websocket authentication and requester scoping, against a real Daphne.

A socket is accepted at connection_init with an API token in the payload, or with the
session cookie of a signed-in browser (from an allowed Origin); anything else is refused.
A requester's ticketEvents never carry another requester's ticket.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import json
import urllib.request

import pytest
import websockets

from testing.live_server import LiveServer, create_user_token, fresh_database
from testing.ws_client import LEGACY_WS, TRANSPORT_WS, WSClient

pytestmark = pytest.mark.asyncio

PASSWORD = "a live password 4 tests"
EVENTS = "subscription { ticketEvents { kind matchesFilter ticket { id title status } } }"
CREATE = """mutation($title: String!) {
  createTicket(input: {title: $title, description: "Over HTTP.", category: BILLING,
    priority: LOW}) { ticket { id } errors { code } }
}"""
UPDATE = """mutation($id: ID!, $status: TicketStatus!) {
  updateTicket(id: $id, input: {status: $status}) { ticket { id } errors { code } }
}"""
REVOKE = """mutation($id: ID!) { revokeApiToken(id: $id) { errors { code } } }"""


@pytest.fixture(scope="module")
def live():
    with fresh_database() as env:
        tokens = {
            "rita": create_user_token(env, "rita", "requester", PASSWORD),
            "oscar": create_user_token(env, "oscar", "requester"),
        }
        with LiveServer(env) as server:
            yield server, tokens


async def init_and_read(ws, payload: dict):
    await ws.send(json.dumps({"type": "connection_init", "payload": payload}))
    return json.loads(await asyncio.wait_for(ws.recv(), 5))


async def refused_with_4403(url: str, payload: dict, **kwargs) -> bool:
    async with websockets.connect(url, subprotocols=[TRANSPORT_WS], **kwargs) as ws:
        try:
            message = await init_and_read(ws, payload)
        except websockets.ConnectionClosed as closed:
            return closed.rcvd is not None and closed.rcvd.code == 4403
        raise AssertionError(f"accepted: {message}")


async def test_a_socket_without_credentials_is_refused(live):
    server, _ = live
    assert await refused_with_4403(server.ws_url, {})
    # The legacy protocol says connection_error, then closes.
    async with websockets.connect(server.ws_url, subprotocols=[LEGACY_WS]) as ws:
        assert (await init_and_read(ws, {}))["type"] == "connection_error"
    # Without connection_init nothing can be subscribed either.
    async with websockets.connect(server.ws_url, subprotocols=[TRANSPORT_WS]) as ws:
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": EVENTS}}))
        with pytest.raises(websockets.ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), 5)
        assert closed.value.rcvd.code == 4401


async def test_unknown_and_revoked_tokens_are_refused(live):
    server, tokens = live
    assert await refused_with_4403(server.ws_url, {"token": "desk_" + "0" * 43})
    assert await refused_with_4403(server.ws_url, {"Authorization": "Bearer nonsense"})

    secret = create_user_token_via_api(server, tokens["oscar"])
    client = await WSClient.connect(server.ws_url, token=secret)
    await client.close()
    me = server.gql("{ me { apiTokens { id name } } }", token=secret)["me"]["apiTokens"]
    revoked_id = next(t["id"] for t in me if t["name"] == "revocable")
    assert server.gql(REVOKE, {"id": revoked_id}, token=secret)["revokeApiToken"]["errors"] == []
    assert await refused_with_4403(server.ws_url, {"token": secret})


def create_user_token_via_api(server: LiveServer, token: str) -> str:
    created = server.gql(
        'mutation { createApiToken(name: "revocable") { secret errors { code } } }', token=token
    )
    return created["createApiToken"]["secret"]


def browser_login(server: LiveServer, username: str, password: str) -> str:
    """Signs in like a browser (CSRF cookie, then login); returns the Cookie header."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(urllib.request.Request(server.url + "/auth/csrf", headers={"Host": "localhost"}))
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    body = json.dumps(
        {
            "query": "mutation($u: String!, $p: String!) { login(username: $u, password: $p) "
            "{ errors { code } } }",
            "variables": {"u": username, "p": password},
        }
    ).encode()
    request = urllib.request.Request(
        server.url + "/graphql",
        body,
        {"Content-Type": "application/json", "X-CSRFToken": csrf, "Host": "localhost"},
    )
    answer = json.load(opener.open(request))
    assert answer["data"]["login"]["errors"] == [], answer
    return "; ".join(f"{c.name}={c.value}" for c in jar)


async def test_a_signed_in_browser_connects_with_its_session_cookie(live):
    server, _ = live
    cookie = browser_login(server, "rita", PASSWORD)
    headers = {"Cookie": cookie}
    async with websockets.connect(
        server.ws_url, subprotocols=[TRANSPORT_WS], additional_headers=headers
    ) as ws:
        assert (await init_and_read(ws, {}))["type"] == "connection_ack"
        # The socket acts as that user: Rita's own new ticket reaches her.
        subscribe = {"id": "1", "type": "subscribe", "payload": {"query": EVENTS}}
        await ws.send(json.dumps(subscribe))
        await asyncio.sleep(0.3)
        data = await server.agql(CREATE, {"title": "Via cookie"}, token=live[1]["rita"])
        message = json.loads(await asyncio.wait_for(ws.recv(), 5))
        assert message["type"] == "next", message
        ticket = message["payload"]["data"]["ticketEvents"]["ticket"]
        assert ticket["id"] == data["createTicket"]["ticket"]["id"]
    # A page on another site cannot even open the socket with that cookie.
    with pytest.raises(websockets.InvalidStatus) as refused:
        await websockets.connect(
            server.ws_url,
            subprotocols=[TRANSPORT_WS],
            additional_headers=headers,
            origin="https://evil.example",
        )
    assert refused.value.response.status_code == 403
    # A page of the desk itself is fine.
    async with websockets.connect(
        server.ws_url,
        subprotocols=[TRANSPORT_WS],
        additional_headers=headers,
        origin=f"http://127.0.0.1:{server.port}",
    ) as ws:
        assert (await init_and_read(ws, {}))["type"] == "connection_ack"


async def test_requesters_hear_only_about_their_own_tickets(live):
    server, tokens = live
    rita = await WSClient.connect(server.ws_url, token=tokens["rita"])
    oscar = await WSClient.connect(server.ws_url, token=tokens["oscar"])
    try:
        rita_all = await rita.subscribe(EVENTS)
        rita_search = await rita.subscribe(
            'subscription { ticketEvents(filter: {search: "printer"}) { ticket { id } } }'
        )
        oscar_all = await oscar.subscribe(EVENTS)
        await asyncio.sleep(0.3)

        async def create(who: str | None, title: str) -> str:
            token = tokens[who] if who else None
            data = await server.agql(CREATE, {"title": title}, token=token)
            assert data["createTicket"]["errors"] == []
            return data["createTicket"]["ticket"]["id"]

        oscars = await create("oscar", "Oscar's printer")
        agents = await create(None, "The agent's printer")
        await server.agql(UPDATE, {"id": oscars, "status": "IN_PROGRESS"})  # by the agent
        ritas = await create("rita", "Rita's printer")
        await server.agql(UPDATE, {"id": ritas, "status": "RESOLVED"})

        created = (await rita.next(rita_all))["ticketEvents"]
        assert (created["kind"], created["ticket"]["id"]) == ("CREATED", ritas)
        updated = (await rita.next(rita_all))["ticketEvents"]
        assert (updated["kind"], updated["ticket"]["status"]) == ("UPDATED", "RESOLVED")
        assert (await rita.next(rita_search))["ticketEvents"]["ticket"]["id"] == ritas
        assert (await rita.next(rita_search))["ticketEvents"]["ticket"]["id"] == ritas
        await rita.nothing_for(rita_all, 0.5)
        await rita.nothing_for(rita_search, 0.1)

        seen = [(await oscar.next(oscar_all))["ticketEvents"]["ticket"]["id"] for _ in range(2)]
        assert seen == [oscars, oscars]
        await oscar.nothing_for(oscar_all, 0.3)
        assert agents not in seen
    finally:
        await rita.close()
        await oscar.close()


async def test_a_requesters_stats_subscription_is_refused(live):
    server, tokens = live
    client = await WSClient.connect(server.ws_url, token=tokens["rita"])
    try:
        op = await client.subscribe("subscription { ticketStats { totalTickets } }")
        message = await client.message(op)
        errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
        assert errors[0]["extensions"]["code"] == "PERMISSION_DENIED"
    finally:
        await client.close()
