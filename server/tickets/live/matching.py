"""Does a ticket snapshot fall under a filter?  Pure Python, no database.

Mirrors ``TicketFilters.to_q`` so a subscriber can ignore an event without a query.  The
search is a case-insensitive substring test like ``icontains``.
"""

from __future__ import annotations

from typing import Any

from tickets.events import EventKind, TicketEvent
from tickets.selectors.filters import TicketFilters


def matches(filters: TicketFilters, ticket: dict[str, Any]) -> bool:
    if filters.requester_id is not None and ticket["requester_id"] != filters.requester_id:
        return False
    if filters.category and ticket["category"] not in filters.category:
        return False
    if filters.priority and ticket["priority"] not in filters.priority:
        return False
    if filters.status and ticket["status"] not in filters.status:
        return False
    term = (filters.search or "").strip().casefold()
    if term and term not in ticket["title"].casefold():
        if term not in ticket["description"].casefold():
            return False
    created_at = ticket["created_at"]
    if filters.created_after is not None and created_at < filters.created_after:
        return False
    if filters.created_before is not None and created_at >= filters.created_before:
        return False
    return True


def matched_before(filters: TicketFilters, event: TicketEvent) -> bool:
    """Whether the ticket matched before this change (a new ticket did not exist)."""
    if event.kind == EventKind.CREATED:
        return False
    return matches(filters, {**event.ticket, **event.previous})


def filter_key(filters: TicketFilters) -> tuple:
    """A hashable identity for a filter: equal filters share work."""
    return (
        tuple(sorted(filters.category)),
        tuple(sorted(filters.priority)),
        tuple(sorted(filters.status)),
        (filters.search or "").strip().casefold(),
        filters.created_after,
        filters.created_before,
        filters.requester_id,
    )
