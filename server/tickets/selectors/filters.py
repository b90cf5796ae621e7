"""The ticket filter every list, count and stat shares."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from tickets.models import Ticket


@dataclass(frozen=True)
class TicketFilters:
    """Lists are OR-ed within a field; fields are AND-ed.  An empty list means no filter."""

    category: Sequence[str] = ()
    priority: Sequence[str] = ()
    status: Sequence[str] = ()
    search: str | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    # Only this requester's tickets (set by tickets.access for requesters, never by a
    # client's filter).
    requester_id: int | None = None

    def to_q(self) -> Q:
        q = Q()
        if self.category:
            q &= Q(category__in=list(self.category))
        if self.priority:
            q &= Q(priority__in=list(self.priority))
        if self.status:
            q &= Q(status__in=list(self.status))
        term = (self.search or "").strip()
        if term:
            q &= Q(title__icontains=term) | Q(description__icontains=term)
        if self.created_after is not None:
            q &= Q(created_at__gte=self.created_after)
        if self.created_before is not None:
            q &= Q(created_at__lt=self.created_before)
        if self.requester_id is not None:
            q &= Q(requester_id=self.requester_id)
        return q


NO_FILTERS = TicketFilters()


def filter_tickets(filters: TicketFilters = NO_FILTERS, *, actor=None) -> QuerySet[Ticket]:
    """The tickets under ``filters`` that ``actor`` may see (None: the desk itself)."""
    if actor is not None:
        from tickets.access import visible_filters

        filters = visible_filters(filters, actor)
    return Ticket.objects.filter(filters.to_q())
