from datetime import timedelta

import pytest
from django.utils import timezone

from tickets.tests.factories import TicketFactory

STATS = """
query($filter: TicketFilter) {
  ticketStats(filter: $filter) {
    totalTickets openTickets avgTicketsPerDay
    byPriority { priority count }
    byCategory { category count }
    byStatus { status count }
    perDay { date count }
  }
}
"""


@pytest.mark.django_db
def test_ticket_stats_over_graphql(gql):
    now = timezone.now()
    TicketFactory(category="billing", priority="critical", status="open", created_at=now)
    TicketFactory(
        category="billing", priority="low", status="closed", created_at=now - timedelta(days=3)
    )
    stats = gql(STATS)["ticketStats"]
    assert stats["totalTickets"] == 2
    assert stats["openTickets"] == 1
    assert stats["avgTicketsPerDay"] == pytest.approx(2 / 4)
    assert stats["byPriority"] == [
        {"priority": "LOW", "count": 1},
        {"priority": "MEDIUM", "count": 0},
        {"priority": "HIGH", "count": 0},
        {"priority": "CRITICAL", "count": 1},
    ]
    assert [c["category"] for c in stats["byCategory"]] == [
        "BILLING",
        "TECHNICAL",
        "ACCOUNT",
        "GENERAL",
    ]
    assert [s["status"] for s in stats["byStatus"]] == [
        "OPEN",
        "IN_PROGRESS",
        "RESOLVED",
        "CLOSED",
    ]
    assert len(stats["perDay"]) == 30
    assert stats["perDay"][-1] == {"date": timezone.localdate(now).isoformat(), "count": 1}
    assert sum(d["count"] for d in stats["perDay"]) == 2


@pytest.mark.django_db
def test_ticket_stats_with_a_filter(gql):
    TicketFactory(category="billing", status="open")
    TicketFactory(category="technical", status="open")
    stats = gql(STATS, {"filter": {"category": ["TECHNICAL"]}})["ticketStats"]
    assert (stats["totalTickets"], stats["openTickets"]) == (1, 1)
