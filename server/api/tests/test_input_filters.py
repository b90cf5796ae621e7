"""Filters the desk cannot serve are named errors, never "Unexpected error.": far-off dates
(tickets, ticketStats, both subscriptions) and a search text over its cap."""

from __future__ import annotations

import logging

import pytest

from testing.ws_client import WSClient
from tickets.filters import SEARCH_MAX_LENGTH
from tickets.tests.factories import TicketFactory

TICKETS = "query($filter: TicketFilter) { tickets(filter: $filter) { totalCount } }"
STATS = """query($filter: TicketFilter) {
  ticketStats(filter: $filter) { totalTickets avgTicketsPerDay perDay { date count } } }"""
EVENTS_SUB = "subscription($filter: TicketFilter) { ticketEvents(filter: $filter) { kind } }"
STATS_SUB = "subscription($filter: TicketFilter) { ticketStats(filter: $filter) { totalTickets } }"

FAR_OFF = [
    ("createdBefore", "0001-01-01T00:01:01Z"),
    ("createdAfter", "0001-01-01T00:01:01Z"),
    ("createdBefore", "9999-12-31T23:59:59Z"),
    ("createdAfter", "9999-12-31T23:59:59Z"),
    ("createdBefore", "0999-12-31T23:59:59+14:00"),
    ("createdAfter", "9999-01-01T00:00:00"),  # no offset: read in TIME_ZONE
]
QUERIES = {"tickets": TICKETS, "ticketStats": STATS}


@pytest.mark.django_db
@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize(("field", "moment"), FAR_OFF)
def test_far_off_dates_are_a_named_argument_error(gql, caplog, settings, query, field, moment):
    settings.TIME_ZONE = "Pacific/Kiritimati"  # UTC+14: the worst case for overflows
    TicketFactory()
    errors = gql.errors(QUERIES[query], {"filter": {field: moment}})
    assert errors[0]["extensions"] == {"code": "INVALID_ARGUMENT", "field": f"filter.{field}"}
    assert "between 1000 and 9998" in errors[0]["message"]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_the_widest_allowed_range_is_served(gql, settings, zone):
    settings.TIME_ZONE = zone
    TicketFactory()
    wide = {"createdAfter": "1000-01-01T00:00:00Z", "createdBefore": "9998-12-31T23:59:59Z"}
    assert gql(TICKETS, {"filter": wide})["tickets"]["totalCount"] == 1
    stats = gql(STATS, {"filter": wide})["ticketStats"]
    assert stats["totalTickets"] == 1
    assert len(stats["perDay"]) == 366
    naive = {"createdAfter": "1000-01-01T00:00:00", "createdBefore": "9998-12-31T23:59:59"}
    assert gql(STATS, {"filter": naive})["ticketStats"]["totalTickets"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("length", [SEARCH_MAX_LENGTH + 1, 50_000])
def test_a_search_over_the_cap_is_too_long(gql, caplog, query, length):
    TicketFactory()
    errors = gql.errors(QUERIES[query], {"filter": {"search": "x" * length}})
    assert errors[0]["extensions"] == {"code": "INVALID_ARGUMENT", "field": "filter.search"}
    assert errors[0]["message"] == (
        f"filter.search: at most {SEARCH_MAX_LENGTH} characters, got {length}."
    )
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.django_db
def test_a_search_at_the_cap_is_served(gql):
    TicketFactory(title="a" * 150, description="b" * 50 + " tail")
    term = "a" * 150 + "b" * 50
    assert len(term) == SEARCH_MAX_LENGTH
    assert gql(TICKETS, {"filter": {"search": "a" * SEARCH_MAX_LENGTH}})["tickets"] == {
        "totalCount": 0
    }
    assert gql(TICKETS, {"filter": {"search": "a" * 150}})["tickets"]["totalCount"] == 1


# The same filters on the subscriptions, over a real websocket --------------------------


async def _first_answer(client: WSClient, op: str) -> list[dict]:
    """The errors the operation ended with (an `error` message, or a `next` with errors)."""
    message = await client.message(op, timeout=20)
    assert message["type"] in ("error", "next"), message
    errors = message["payload"] if message["type"] == "error" else message["payload"]["errors"]
    return errors


@pytest.mark.asyncio
@pytest.mark.parametrize("query", [EVENTS_SUB, STATS_SUB], ids=["ticketEvents", "ticketStats"])
@pytest.mark.parametrize(
    "filter",
    [
        {"createdBefore": "0001-01-01T00:01:01Z"},
        {"createdAfter": "9999-12-31T23:59:59Z"},
        {"search": "x" * (SEARCH_MAX_LENGTH + 1)},
        {"search": "nul\u0000"},
    ],
    ids=["year-1", "year-9999", "long-search", "nul-search"],
)
async def test_subscription_filters_are_named_errors_too(server, ws, query, filter):
    op = await ws.subscribe(query, {"filter": filter})
    errors = await _first_answer(ws, op)
    assert errors[0]["extensions"]["code"] == "INVALID_ARGUMENT", errors
    assert errors[0]["extensions"]["field"] == f"filter.{next(iter(filter))}"
    # The socket stays usable for a healthy subscription.
    healthy = await ws.subscribe(STATS_SUB, {"filter": {}})
    assert "ticketStats" in await ws.next(healthy, timeout=20)
