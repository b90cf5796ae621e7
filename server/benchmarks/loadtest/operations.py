"""What the load test's clients send: the web client's own GraphQL documents (web/src), the
filters and search words its users pick, and the tickets requesters write.

Documents are the web client's, fragments spelled out, so the server validates and executes
what it does in production.  One addition to two of them: ``updatedAt``, the write's time.
The subscribers' ``ticketEvents`` measure an event's lag from it, and ``ChangeTicketStatus``
tells a real change from one that found the ticket already in that status (another agent
moved it first): the server publishes no event for that, so no subscriber should expect one.
"""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

TICKET_ROW = """
fragment TicketAbilities on Ticket { status viewerCan { setStatus } }
fragment TicketRow on Ticket {
  id title description category priority status createdAt ...TicketAbilities
}
fragment TicketListItem on Ticket { id createdAt status ...TicketRow }
"""

TICKET_LIST = (
    """
query TicketList($filter: TicketFilter, $first: Int!, $after: String, $countCap: Int) {
  tickets(filter: $filter, first: $first, after: $after) {
    totalCount(atMost: $countCap)
    edges { node { ...TicketListItem } }
    pageInfo { hasNextPage endCursor }
  }
}"""
    + TICKET_ROW
)

TICKET_DETAIL = """
query TicketDetail($id: ID!) {
  ticket(id: $id) {
    title description category priority status createdAt updatedAt labelsByPerson
    suggestion { ...SuggestionComparison }
  }
}
fragment SuggestionComparison on Suggestion {
  category priority categoryConfidence priorityConfidence source model fallbackReason
}"""

STATS_FIELDS = """
fragment DashboardStats on TicketStats {
  totalTickets openTickets avgTicketsPerDay
  byPriority { priority count } byCategory { category count } byStatus { status count }
  perDay { date count }
  aiSuggestions { total accepted acceptanceRate }
}"""

TICKET_STATS = (
    "query Stats($filter: TicketFilter) { ticketStats(filter: $filter) { ...DashboardStats } }"
    + STATS_FIELDS
)

CHANGE_STATUS = (
    """
mutation ChangeTicketStatus($id: ID!, $status: TicketStatus!) {
  updateTicket(id: $id, input: { status: $status }) {
    ticket { updatedAt ...TicketListItem }
    errors { field code message }
  }
}"""
    + TICKET_ROW
)

CLASSIFY = """
mutation ClassifyTicket($title: String, $description: String!) {
  classifyTicket(title: $title, description: $description) {
    suggestion {
      category priority categoryConfidence priorityConfidence source model fallbackReason
    }
    errors { field code message }
  }
}"""

CREATE_TICKET = (
    """
mutation CreateTicket($input: CreateTicketInput!) {
  createTicket(input: $input) {
    ticket { title description category priority status ...TicketListItem }
    errors { field code message }
  }
}"""
    + TICKET_ROW
)

SUBSCRIBE_EVENTS = (
    """
subscription TicketListEvents($filter: TicketFilter) {
  ticketEvents(filter: $filter) { kind matchesFilter ticket { updatedAt ...TicketListItem } }
}"""
    + TICKET_ROW
)

SUBSCRIBE_STATS = "subscription DashboardStatsLive { ticketStats { ...DashboardStats } }"
SUBSCRIBE_STATS += STATS_FIELDS

PAGE_SIZE = 25
_WEB_LIST = Path(__file__).resolve().parents[3] / "web/src/features/tickets/useTicketList.ts"


def search_count_cap() -> int:
    """The count cap the web client sends with a search (its SEARCH_COUNT_CAP), so the
    load follows the client when that changes; 10,000 if the file is not there."""
    try:
        found = re.search(r"SEARCH_COUNT_CAP = ([\d_]+)", _WEB_LIST.read_text())
    except OSError:
        found = None
    return int(found.group(1).replace("_", "")) if found else 10_000


# What agents narrow the list to, as they would with the web client's filter bar.
FILTERS = (
    {"status": ["OPEN"]},
    {"status": ["OPEN", "IN_PROGRESS"]},
    {"priority": ["HIGH", "CRITICAL"], "status": ["OPEN", "IN_PROGRESS"]},
    {"category": ["BILLING"], "status": ["OPEN"]},
    {"category": ["TECHNICAL"], "priority": ["CRITICAL"]},
    {"category": ["ACCOUNT"], "priority": ["MEDIUM"], "status": ["IN_PROGRESS"]},
)
# Words of the demo data (tickets/demo_data.py): each in 7–16 % of the tickets' descriptions,
# and each in about 0.4–0.9 %.
COMMON_WORDS = ("refund", "invoice", "password")
RARE_WORDS = ("Gantt", "Salesforce", "Okta")

NEW_TICKETS = (
    ("Refund for a double charge", "We were charged twice this month; please refund one."),
    ("Cannot sign in with SSO", "Since this morning our SSO login loops back to the sign-in page."),
    ("Export to CSV is empty", "The CSV export of the monthly report has only the header row."),
    ("API returns 502", "About a third of our calls to the orders endpoint return 502 today."),
    ("Change our plan", "We would like to move from the monthly to the yearly plan."),
)


def recent_filter(rng: random.Random) -> dict:
    """One day of the last 30, as the web client's date field sends it (filters.ts)."""
    day = datetime.now(UTC).date() - timedelta(days=rng.randrange(30))
    return {
        "createdAfter": f"{day.isoformat()}T00:00:00",
        "createdBefore": f"{(day + timedelta(days=1)).isoformat()}T00:00:00",
    }


def new_ticket(rng: random.Random, n: int) -> tuple[str, str]:
    title, description = rng.choice(NEW_TICKETS)
    return f"{title} (load test {n})", description
