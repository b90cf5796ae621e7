"""Every filter the API offers is served by an index on PostgreSQL.

With sequential scans switched off, the planner must still find an index for each query;
if a filter had no usable index the plan would fall back to a (penalised) Seq Scan.
"""

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tickets.filters import NO_FILTER, TicketFilter, tickets_matching
from tickets.models import Ticket
from tickets.selectors.pagination import paginate
from tickets.tests.factories import TicketFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="index plans are PostgreSQL-specific"
    ),
]


def plan(filters: TicketFilter, *, first_page: bool = True) -> str:
    """The plan for ``filters`` over enough rows that a selective filter's own index is
    the cheapest path: 400 old, closed, low, general tickets the filters skip, and 5
    random ones."""
    Ticket.objects.bulk_create(
        Ticket(title="old", description="old", category="general", priority="low",
               status="closed")
        for _ in range(400)
    )  # fmt: skip
    Ticket.objects.update(created_at=datetime(2025, 6, 1, tzinfo=UTC))
    TicketFactory.create_batch(5)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("ANALYZE tickets_ticket")
    tickets = tickets_matching(filters)
    if first_page:
        return tickets.order_by("-created_at", "-id")[:25].explain()
    return tickets.order_by().explain()


def index_conditions(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if "Index Cond" in line)


def test_the_default_order_is_read_from_an_index_without_sorting():
    text = plan(TicketFilter())
    assert "ticket_created_idx" in text, text
    assert "Sort" not in text and "Seq Scan" not in text, text


@pytest.mark.parametrize(
    ("filters", "column"),
    [
        (TicketFilter(status=["open"]), "status"),
        (TicketFilter(category=["billing", "account"]), "category"),
        (TicketFilter(priority=["critical"]), "priority"),
        (TicketFilter(created_after=datetime(2026, 1, 1, tzinfo=UTC)), "created_at"),
        (TicketFilter(created_before=datetime(2026, 1, 1, tzinfo=UTC)), "created_at"),
    ],
)
def test_each_filter_is_an_index_condition(filters, column):
    text = plan(filters)
    assert column in index_conditions(text), text
    assert "Seq Scan" not in text, text


def test_search_is_served_by_the_trigram_indexes():
    # Without ORDER BY/LIMIT (as for totalCount) the planner cannot walk the created_at
    # index and stop early, so this shows the trigram indexes answer the match itself.
    text = plan(TicketFilter(search="refund"), first_page=False)
    assert "ticket_title_trgm_idx" in text and "ticket_description_trgm_idx" in text, text
    assert "Seq Scan" not in text, text


def test_a_page_after_a_cursor_seeks_in_the_index():
    TicketFactory.create_batch(30)
    after = paginate(tickets_matching(NO_FILTER), first=10).end_cursor
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    with CaptureQueriesContext(connection) as captured:
        paginate(tickets_matching(NO_FILTER), first=10, after=after)
    page_sql = next(q["sql"] for q in captured if "LIMIT" in q["sql"])
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {page_sql}")
        text = "\n".join(row[0] for row in cursor.fetchall())
    assert "ticket_created_idx" in text, text
    assert "Index Cond" in text and "created_at" in text.split("Index Cond", 1)[1], text
