"""`TicketConnection.matchCount`: the count a list shows, exact or marked as estimated."""

import pytest
from django.db import connection

from tickets import services
from tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db

COUNT = """query($filter: TicketFilter, $exactUpTo: Int!) {
  tickets(filter: $filter, first: 1) { matchCount(exactUpTo: $exactUpTo) { value exact } }
}"""
DEFAULT = '{ tickets(filter: {search: "refund"}, first: 1) { matchCount { value exact } } }'


def test_exact_up_to_the_bound(gql):
    TicketFactory.create_batch(4, title="Refund please")
    TicketFactory(title="Other")
    data = gql(COUNT, {"filter": {"search": "REFUND"}, "exactUpTo": 4})
    assert data["tickets"]["matchCount"] == {"value": 4, "exact": True}
    assert gql(DEFAULT)["tickets"]["matchCount"] == {"value": 4, "exact": True}


def test_beyond_the_bound_an_estimate_says_so_on_postgresql(gql):
    TicketFactory.create_batch(5, title="Refund please")
    counted = gql(COUNT, {"filter": {"search": "refund"}, "exactUpTo": 2})["tickets"]["matchCount"]
    if connection.vendor == "postgresql":
        assert counted["exact"] is False
        assert counted["value"] >= 3
    else:
        assert counted == {"value": 5, "exact": True}


def test_a_list_without_a_search_is_exact_beyond_the_bound(gql):
    TicketFactory.create_batch(3)
    data = gql(COUNT, {"filter": {"status": ["OPEN"]}, "exactUpTo": 1})
    assert data["tickets"]["matchCount"] == {"value": 3, "exact": True}


def test_a_requester_counts_their_own_tickets_only(requester, other_requester, gql_as):
    for user, n in ((requester, 2), (other_requester, 3)):
        for i in range(n):
            services.create_ticket(
                title=f"Refund {i}",
                description="Details.",
                category="billing",
                priority="low",
                actor=user,
            )
    data = gql_as(requester)(COUNT, {"filter": {"search": "refund"}, "exactUpTo": 10})
    assert data["tickets"]["matchCount"] == {"value": 2, "exact": True}


@pytest.mark.parametrize("bound", [0, -1, 10_001])
def test_the_bound_must_be_between_1_and_10000(gql, bound):
    errors = gql.errors(COUNT, {"exactUpTo": bound})
    assert errors[0]["extensions"]["code"] == "INVALID_ARGUMENT"
    assert "exactUpTo" in errors[0]["message"]


def test_a_page_that_holds_every_match_is_the_count(gql, monkeypatch):
    TicketFactory.create_batch(3, title="Refund please")
    monkeypatch.setattr("tickets.selectors.match_count.planner_rows", lambda tickets: 5_000)
    whole = """query($exactUpTo: Int!) { tickets(filter: {search: "refund"}, first: 5) {
      matchCount(exactUpTo: $exactUpTo) { value exact } } }"""
    assert gql(whole, {"exactUpTo": 1})["tickets"]["matchCount"] == {"value": 3, "exact": True}
    part = gql(COUNT, {"filter": {"search": "refund"}, "exactUpTo": 1})["tickets"]["matchCount"]
    assert part == {"value": 5_000, "exact": False}  # first: 1 leaves matches on other pages
