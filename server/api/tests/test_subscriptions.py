"""Subscriptions end to end: a real websocket client against a real Daphne process.

The server runs in a subprocess with a database of its own (see
``testing.live_server``); these tests read and write only through it.
"""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from testing.ws_client import LEGACY_WS, WSClient

pytestmark = pytest.mark.asyncio

TICKET_FIELDS = "id title description category priority status createdAt"
EVENTS = f"""
subscription($filter: TicketFilter) {{
  ticketEvents(filter: $filter) {{ kind matchesFilter ticket {{ {TICKET_FIELDS} }} }}
}}"""
STATS_FIELDS = """
  totalTickets openTickets avgTicketsPerDay
  byPriority { priority count } byCategory { category count } byStatus { status count }
  perDay { date count }
"""
STATS = (
    f"subscription($filter: TicketFilter) {{ ticketStats(filter: $filter) {{ {STATS_FIELDS} }} }}"
)
STATS_QUERY = (
    f"query($filter: TicketFilter) {{ ticketStats(filter: $filter) {{ {STATS_FIELDS} }} }}"
)
LIST_QUERY = f"""
query($filter: TicketFilter) {{
  tickets(filter: $filter, first: 100) {{ edges {{ node {{ {TICKET_FIELDS} }} }} }}
}}"""
CREATE = f"""
mutation($input: CreateTicketInput!) {{
  createTicket(input: $input) {{ ticket {{ {TICKET_FIELDS} }} errors {{ field code }} }}
}}"""
UPDATE = f"""
mutation($id: ID!, $input: UpdateTicketInput!) {{
  updateTicket(id: $id, input: $input) {{ ticket {{ {TICKET_FIELDS} }} errors {{ field code }} }}
}}"""


async def create(server, title="Printer jam", description="The printer eats paper.", **labels):
    labels = {"category": "TECHNICAL", "priority": "LOW", **labels}
    payload = (
        await server.agql(CREATE, {"input": {"title": title, "description": description, **labels}})
    )["createTicket"]
    assert payload["errors"] == []
    return payload["ticket"]


async def update(server, ticket_id, **changes):
    payload = (await server.agql(UPDATE, {"id": ticket_id, "input": changes}))["updateTicket"]
    assert payload["errors"] == []
    return payload["ticket"]


async def test_ticket_events_after_create_and_update(server, ws):
    op = await ws.subscribe(EVENTS)
    await asyncio.sleep(0.2)  # the subscription is registered before the first write
    ticket = await create(server)

    created = (await ws.next(op))["ticketEvents"]
    assert created == {"kind": "CREATED", "matchesFilter": True, "ticket": ticket}

    changed = await update(server, ticket["id"], status="IN_PROGRESS", priority="HIGH")
    updated = (await ws.next(op))["ticketEvents"]
    assert updated == {"kind": "UPDATED", "matchesFilter": True, "ticket": changed}
    assert updated["ticket"]["status"] == "IN_PROGRESS"


async def test_ticket_stats_first_message_then_updates(server, ws):
    op = await ws.subscribe(STATS)
    first = (await ws.next(op))["ticketStats"]
    assert first == (await server.agql(STATS_QUERY))["ticketStats"]

    ticket = await create(server, category="BILLING")
    after_create = (await ws.next(op))["ticketStats"]
    assert after_create["totalTickets"] == first["totalTickets"] + 1
    assert after_create == (await server.agql(STATS_QUERY))["ticketStats"]

    await update(server, ticket["id"], status="RESOLVED")
    after_update = (await ws.next(op))["ticketStats"]
    assert after_update["openTickets"] == after_create["openTickets"] - 1
    assert after_update == (await server.agql(STATS_QUERY))["ticketStats"]


async def test_events_follow_the_filter_and_a_ticket_leaving_it_sends_one_last_update(server, ws):
    open_billing = {"status": ["OPEN"], "category": ["BILLING"]}
    op = await ws.subscribe(EVENTS, {"filter": open_billing})
    searching = await ws.subscribe(EVENTS, {"filter": {"search": "INVOICE"}})
    await asyncio.sleep(0.2)

    await create(server, title="Technical, not billing")  # matches neither
    invoice = await create(server, title="Wrong invoice", category="BILLING")
    event = (await ws.next(op))["ticketEvents"]
    assert (event["kind"], event["ticket"]["id"]) == ("CREATED", invoice["id"])
    assert (await ws.next(searching))["ticketEvents"]["ticket"]["id"] == invoice["id"]

    await update(server, invoice["id"], status="RESOLVED")  # leaves the filter
    left = (await ws.next(op))["ticketEvents"]
    assert (left["kind"], left["matchesFilter"]) == ("UPDATED", False)
    assert left["ticket"]["status"] == "RESOLVED"
    assert (await ws.next(searching))["ticketEvents"]["matchesFilter"] is True

    await update(server, invoice["id"], priority="CRITICAL")  # outside: nothing more
    assert (await ws.next(searching))["ticketEvents"]["matchesFilter"] is True
    await update(server, invoice["id"], title="Refund please")  # leaves the search
    assert (await ws.next(searching))["ticketEvents"]["matchesFilter"] is False
    back = await update(server, invoice["id"], status="OPEN")  # comes back
    event = (await ws.next(op))["ticketEvents"]
    assert event == {"kind": "UPDATED", "matchesFilter": True, "ticket": back}
    await ws.nothing_for(searching, 0.3)


async def test_a_rolled_back_or_refused_write_is_never_announced(server, ws):
    events = await ws.subscribe(EVENTS)
    stats = await ws.subscribe(STATS)
    before = (await ws.next(stats))["ticketStats"]

    server.post("/_test/rolled-back-write")
    refused = await server.agql(CREATE, {"input": {"title": " ", "description": "blank"}})
    assert refused["createTicket"]["errors"]
    await ws.nothing_for(events, 0.5)
    await ws.nothing_for(stats, 0.1)

    ticket = await create(server, title="After the rollback")
    assert (await ws.next(events))["ticketEvents"]["ticket"]["id"] == ticket["id"]
    after = (await ws.next(stats))["ticketStats"]
    assert after["totalTickets"] == before["totalTickets"] + 1
    assert "Rolled back" not in str(await server.agql(LIST_QUERY))


def apply_event(tickets: dict, event: dict) -> None:
    ticket = event["ticket"]
    if event["matchesFilter"]:
        tickets[ticket["id"]] = ticket
    else:
        tickets.pop(ticket["id"], None)


async def test_initial_state_plus_events_equals_a_fresh_query(server, ws):
    view = {"status": ["OPEN", "IN_PROGRESS"], "priority": ["HIGH", "CRITICAL"]}
    events = await ws.subscribe(EVENTS, {"filter": view})
    stats = await ws.subscribe(STATS, {"filter": view})
    first_stats = (await ws.next(stats))["ticketStats"]
    assert first_stats == (await server.agql(STATS_QUERY, {"filter": view}))["ticketStats"]
    edges = (await server.agql(LIST_QUERY, {"filter": view}))["tickets"]["edges"]
    state = {edge["node"]["id"]: edge["node"] for edge in edges}

    created = [
        await create(server, title=f"Case {i}", priority=p, category=c)
        for i, (p, c) in enumerate(
            [
                ("HIGH", "BILLING"),
                ("LOW", "ACCOUNT"),
                ("CRITICAL", "TECHNICAL"),
                ("HIGH", "GENERAL"),
            ]
        )
    ]
    await update(server, created[0]["id"], status="IN_PROGRESS")
    await update(server, created[1]["id"], priority="CRITICAL")  # enters the view
    await update(server, created[2]["id"], status="CLOSED")  # leaves it
    await update(server, created[3]["id"], priority="LOW")  # leaves it
    await update(server, created[3]["id"], priority="HIGH")  # and comes back
    marker = await create(server, title="Last one", priority="HIGH")

    while True:
        event = (await ws.next(events))["ticketEvents"]
        apply_event(state, event)
        if event["ticket"]["id"] == marker["id"]:
            break
    edges = (await server.agql(LIST_QUERY, {"filter": view}))["tickets"]["edges"]
    assert state == {edge["node"]["id"]: edge["node"] for edge in edges}

    fresh = (await server.agql(STATS_QUERY, {"filter": view}))["ticketStats"]
    latest = first_stats
    while latest != fresh:
        latest = (await ws.next(stats, timeout=30))["ticketStats"]
    # Nothing stale after the latest numbers (a busy machine may repeat them).
    with contextlib.suppress(TimeoutError):
        while True:
            assert (await ws.next(stats, timeout=1))["ticketStats"] == fresh


async def test_legacy_graphql_ws_protocol(server):
    client = await WSClient.connect(server.ws_url, protocol=LEGACY_WS)
    try:
        op = await client.subscribe(STATS)
        first = (await client.next(op))["ticketStats"]
        await create(server, title="Over the old protocol")
        assert (await client.next(op))["ticketStats"]["totalTickets"] == first["totalTickets"] + 1
    finally:
        await client.close()
