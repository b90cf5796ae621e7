"""Queries and mutations over the websocket get what the same request gets over HTTP: the
same data, the same refusals, the same limits and rate limits (one ``next``, then
``complete``; a request refused before execution: ``error``)."""

from __future__ import annotations

import pytest

from testing.live_server import LiveServer, create_user_token, fresh_database
from testing.ws_client import WSClient

pytestmark = pytest.mark.asyncio

RATE = 3  # createTicket calls per user per hour in this module's server
CREATE = """mutation($title: String!) {
  createTicket(input: {title: $title, description: "Both ways.", category: BILLING,
    priority: LOW}) { ticket { id title status } errors { field code message } }
}"""
UPDATE = """mutation($id: ID!, $status: TicketStatus!) {
  updateTicket(id: $id, input: {status: $status}) { ticket { status } errors { field code } }
}"""
STATS = "{ ticketStats { totalTickets } }"


@pytest.fixture(scope="module")
def live():
    with fresh_database() as env:
        tokens = {
            "agent": create_user_token(env, "ops-agent", "agent"),
            "requester": create_user_token(env, "ops-requester", "requester"),
            "limited": create_user_token(env, "ops-limited", "agent"),
        }
        with LiveServer({**env, "RATE_LIMIT_CREATE_TICKET": f"{RATE}/3600"}) as server:
            yield server, tokens


async def over_socket(server: LiveServer, token: str, query: str, variables=None) -> list[dict]:
    """Every message the socket answers a single-result operation with."""
    client = await WSClient.connect(server.ws_url, token=token)
    try:
        op = await client.subscribe(query, variables)
        messages = [await client.message(op)]
        if messages[0]["type"] == "next":
            messages.append(await client.message(op))
        return messages
    finally:
        await client.close()


def over_http(server: LiveServer, token: str, query: str, variables=None) -> dict:
    return server.post("/graphql", {"query": query, "variables": variables or {}}, token)


async def test_an_agent_creates_a_ticket_over_the_socket(live):
    server, tokens = live
    nxt, complete = await over_socket(server, tokens["agent"], CREATE, {"title": "Socket"})
    assert complete == {"id": nxt["id"], "type": "complete"}
    created = nxt["payload"]["data"]["createTicket"]
    assert created["errors"] == [] and created["ticket"]["title"] == "Socket"
    seen = server.gql(
        "query($id: ID!) { ticket(id: $id) { title } }", {"id": created["ticket"]["id"]}
    )
    assert seen == {"ticket": {"title": "Socket"}}


async def test_a_requester_is_refused_over_the_socket_where_http_refuses(live):
    server, tokens = live
    token = tokens["requester"]
    own = over_http(server, token, CREATE, {"title": "Mine"})["data"]["createTicket"]["ticket"]
    for query, variables in ((UPDATE, {"id": own["id"], "status": "IN_PROGRESS"}), (STATS, None)):
        http = over_http(server, token, query, variables)
        nxt, _ = await over_socket(server, token, query, variables)
        assert nxt["type"] == "next"
        assert nxt["payload"] == http, (query, nxt, http)
    assert http["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"
    refused = nxt["payload"]
    assert refused["data"] is None or refused["data"]["ticketStats"] is None
    update = over_http(server, token, UPDATE, {"id": own["id"], "status": "IN_PROGRESS"})
    assert update["data"]["updateTicket"]["errors"][0]["code"] == "PERMISSION_DENIED"


async def test_request_limits_apply_over_the_socket_as_over_http(live):
    server, tokens = live
    aliases = "{ " + " ".join(f"a{i}: me {{ id }}" for i in range(40)) + " }"
    tokens_ = "{ " + "me { id } " * 700 + "}"
    for query in (aliases, tokens_, "{ nope }"):
        http = over_http(server, tokens["agent"], query)
        (error,) = await over_socket(server, tokens["agent"], query)
        assert error["type"] == "error", error
        assert [e["message"] for e in error["payload"]] == [e["message"] for e in http["errors"]]


async def test_the_create_rate_limit_counts_socket_and_http_calls_alike(live):
    server, tokens = live
    token = tokens["limited"]
    answers = []
    for i in range(RATE + 1):
        if i % 2:
            answers.append(over_http(server, token, CREATE, {"title": f"Call {i}"}))
        else:
            nxt, _ = await over_socket(server, token, CREATE, {"title": f"Call {i}"})
            answers.append(nxt["payload"])
    errors = [a["data"]["createTicket"]["errors"] for a in answers]
    assert errors[:RATE] == [[]] * RATE
    assert errors[RATE][0]["code"] == "RATE_LIMITED", errors
    nxt, _ = await over_socket(server, token, CREATE, {"title": "Once more"})
    assert nxt["payload"]["data"]["createTicket"]["errors"][0]["code"] == "RATE_LIMITED"


async def test_sign_in_and_out_stay_on_http(live):
    server, tokens = live
    login = 'mutation { login(username: "ops-agent", password: "x") { errors { code } } }'
    nxt, _ = await over_socket(server, tokens["agent"], login)
    assert nxt["payload"]["data"]["login"]["errors"][0]["code"] == "INVALID"


async def test_a_token_revoked_after_connecting_is_refused_for_later_operations(live):
    server, tokens = live
    created = server.gql('mutation { createApiToken(name: "short-lived") { secret token { id } } }')
    secret = created["createApiToken"]["secret"]
    client = await WSClient.connect(server.ws_url, token=secret)
    try:
        op = await client.subscribe("{ me { username } }")
        assert await client.next(op) == {"me": {"username": "live-agent"}}
        await client.message(op)  # complete
        revoke = "mutation($id: ID!) { revokeApiToken(id: $id) { errors { code } } }"
        server.gql(revoke, {"id": created["createApiToken"]["token"]["id"]})
        op = await client.subscribe("{ me { username } }")
        refused = await client.message(op)
        assert refused["type"] == "error"
        assert refused["payload"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    finally:
        await client.close()
