"""createTicket's idempotency key over HTTP: the Idempotency-Key header or the input's
idempotencyKey; a retry gets the first ticket, also when the repeats race on a real server."""

from __future__ import annotations

import asyncio
import json
import threading
import urllib.request

import pytest

from testing.live_server import LiveServer, fresh_database
from testing.ws_client import WSClient
from tickets.models import Ticket

CREATE = """
mutation($input: CreateTicketInput!) {
  createTicket(input: $input) { ticket { id title } errors { field code message } }
}
"""
GOOD = {
    "title": "Charged twice for March",
    "description": "Our card was charged two times for the March invoice.",
    "category": "BILLING",
    "priority": "HIGH",
}


def create(gql, variables_input: dict, **headers) -> dict:
    response = gql.post(CREATE, {"input": variables_input}, **headers)
    assert response.status_code == 200, response.content
    return response.json()["data"]["createTicket"]


@pytest.mark.django_db
def test_the_header_makes_a_retry_return_the_first_ticket(gql):
    first = create(gql, GOOD, HTTP_IDEMPOTENCY_KEY="3f1c2a9e-retry")
    again = create(gql, GOOD, HTTP_IDEMPOTENCY_KEY="3f1c2a9e-retry")
    assert first["errors"] == [] and again == first
    assert Ticket.objects.count() == 1


@pytest.mark.django_db
def test_the_input_field_does_the_same(gql):
    first = create(gql, {**GOOD, "idempotencyKey": "k-1"})
    again = create(gql, {**GOOD, "idempotencyKey": "k-1"})
    # The header and the field name the same key space.
    by_header = create(gql, GOOD, HTTP_IDEMPOTENCY_KEY="k-1")
    assert first["errors"] == [] and again == first == by_header
    assert Ticket.objects.count() == 1


@pytest.mark.django_db
def test_the_same_key_with_another_input_is_a_field_error(gql):
    create(gql, {**GOOD, "idempotencyKey": "k-1"})
    reused = create(gql, {**GOOD, "priority": "LOW", "idempotencyKey": "k-1"})
    assert reused["ticket"] is None
    assert [(e["field"], e["code"]) for e in reused["errors"]] == [
        ("idempotencyKey", "IDEMPOTENCY_KEY_REUSED")
    ]
    assert Ticket.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("given", "header", "code"),
    [
        ("k-1", "k-2", "INVALID"),  # two different keys
        ("x" * 201, None, "TOO_LONG"),
        ("", None, "BLANK"),
        (None, "clé", "INVALID"),
    ],
)
def test_bad_keys_are_field_errors(gql, given, header, code):
    headers = {} if header is None else {"HTTP_IDEMPOTENCY_KEY": header}
    answer = create(gql, {**GOOD, "idempotencyKey": given}, **headers)
    assert answer["ticket"] is None
    assert [(e["field"], e["code"]) for e in answer["errors"]] == [("idempotencyKey", code)]
    assert Ticket.objects.count() == 0


@pytest.fixture(scope="module")
def server():
    with fresh_database() as env, LiveServer(env) as live:
        yield live


def test_racing_retries_on_a_real_server_create_one_ticket(server):
    """Eight clients send the same create with the same key at once (a client retrying
    while its first attempt is still running)."""
    start = threading.Barrier(8, timeout=30)
    answers: list[dict] = []

    def send() -> None:
        body = {"query": CREATE, "variables": {"input": GOOD}}
        request = server.request("/graphql", body, Idempotency_Key="race-1")
        start.wait()
        with urllib.request.urlopen(request, timeout=60) as response:
            answers.append(json.load(response)["data"]["createTicket"])

    clients = [threading.Thread(target=send) for _ in range(8)]
    for client in clients:
        client.start()
    for client in clients:
        client.join(90)
    total = server.gql(SEARCH, {"title": GOOD["title"]})["tickets"]["totalCount"]
    assert len(answers) == 8 and all(a["errors"] == [] for a in answers), answers
    assert len({a["ticket"]["id"] for a in answers}) == 1
    assert total == 1


SEARCH = "query($title: String!) { tickets(filter: {search: $title}) { totalCount } }"


@pytest.mark.asyncio
async def test_the_input_field_works_over_the_websocket(server):
    """No header there: the input's key makes the repeat return the first ticket."""
    variables = {"input": {**GOOD, "title": "Over the socket", "idempotencyKey": "ws-1"}}
    ids = []
    for _ in range(2):
        client = await WSClient.connect(server.ws_url)
        try:
            op = await client.subscribe(CREATE, variables)
            answer = (await client.next(op, timeout=60))["createTicket"]
        finally:
            await client.close()
        assert answer["errors"] == []
        ids.append(answer["ticket"]["id"])
    total = await asyncio.to_thread(server.gql, SEARCH, {"title": "Over the socket"})
    assert ids[0] == ids[1] and total["tickets"]["totalCount"] == 1
