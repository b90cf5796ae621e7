"""matchCount's domain side: exact up to a bound, the planner's estimate beyond it on
PostgreSQL, exact on SQLite; only the tickets the actor may see."""

import pytest
from django.db import connection

from core.actors import SYSTEM
from tickets.filters import TicketFilter
from tickets.models import Ticket
from tickets.selectors.match_count import MatchCount, match_count, planner_rows
from tickets.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


def on_postgresql() -> bool:
    return connection.vendor == "postgresql"


def test_exact_when_no_more_than_the_bound_match():
    TicketFactory.create_batch(3, title="Refund please")
    TicketFactory.create_batch(2, title="Other")
    assert match_count(TicketFilter(search="refund"), actor=SYSTEM, exact_up_to=3) == MatchCount(
        3, exact=True
    )
    assert match_count(TicketFilter(search="nothing"), actor=SYSTEM, exact_up_to=1) == MatchCount(
        0, exact=True
    )


def test_beyond_the_bound_an_estimate_never_below_what_was_counted():
    TicketFactory.create_batch(6, title="Refund please")
    counted = match_count(TicketFilter(search="refund"), actor=SYSTEM, exact_up_to=2)
    if on_postgresql():
        assert not counted.exact
        assert counted.value >= 3
    else:  # no planner statistics: SQLite counts exactly
        assert counted == MatchCount(6, exact=True)


def test_without_a_search_the_per_day_counts_answer_exactly_beyond_the_bound():
    TicketFactory.create_batch(5, status="open")
    assert match_count(TicketFilter(status=["open"]), actor=SYSTEM, exact_up_to=2) == MatchCount(
        5, exact=True
    )


def test_a_requester_counts_only_their_own_tickets(make_user):
    rita = make_user("rita", "requester")
    TicketFactory.create_batch(2, title="Refund mine", requester=rita)
    TicketFactory.create_batch(4, title="Refund theirs")
    assert match_count(TicketFilter(search="refund"), actor=rita, exact_up_to=10) == MatchCount(
        2, exact=True
    )


def test_the_planner_estimate_reads_the_filtered_query():
    TicketFactory.create_batch(4)
    estimate = planner_rows(Ticket.objects.filter(TicketFilter(search="x").q()))
    if on_postgresql():
        assert isinstance(estimate, int) and estimate >= 0
    else:
        assert estimate is None


def test_an_estimate_well_above_the_bound_is_answered_without_counting(monkeypatch):
    TicketFactory.create_batch(3, title="Refund please")
    monkeypatch.setattr("tickets.selectors.match_count.planner_rows", lambda tickets: 5_000)
    counted = match_count(TicketFilter(search="refund"), actor=SYSTEM, exact_up_to=10)
    assert counted == MatchCount(5_000, exact=False)


def test_a_low_estimate_is_corrected_by_the_count(monkeypatch):
    TicketFactory.create_batch(4, title="Refund please")
    monkeypatch.setattr("tickets.selectors.match_count.planner_rows", lambda tickets: 1)
    assert match_count(TicketFilter(search="refund"), actor=SYSTEM, exact_up_to=2) == MatchCount(
        3, exact=False
    )
    assert match_count(TicketFilter(search="refund"), actor=SYSTEM, exact_up_to=4) == MatchCount(
        4, exact=True
    )
