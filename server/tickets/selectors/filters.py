"""The ticket filter every list, count and stat shares."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from tickets.errors import DomainError, ErrorCode, FieldProblem
from tickets.models import Ticket
from tickets.validators import UNSTORABLE_MESSAGE, has_unstorable_characters

# Longest search text: a longer term is refused (a 50 KB LIKE pattern fails on SQLite and
# costs PostgreSQL's trigram index a scan of everything).
SEARCH_MAX_LENGTH = 200
# Dates a filter may name.  Far-off instants are refused rather than served: the first and
# last years of Python's range overflow as soon as a time zone or a day is added to them.
EARLIEST_YEAR = 1000
LATEST_YEAR = 9998


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

    def validate(self) -> TicketFilters:
        """The filters themselves, or a DomainError naming each field a client got wrong."""
        problems = []
        if self.search is not None:
            if len(self.search) > SEARCH_MAX_LENGTH:
                problems.append(
                    FieldProblem(
                        "search",
                        ErrorCode.TOO_LONG,
                        f"search: at most {SEARCH_MAX_LENGTH} characters, got {len(self.search)}.",
                    )
                )
            elif has_unstorable_characters(self.search):
                problems.append(
                    FieldProblem("search", ErrorCode.INVALID, f"search: {UNSTORABLE_MESSAGE}")
                )
        for name in ("created_after", "created_before"):
            moment = getattr(self, name)
            if moment is not None and not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
                problems.append(
                    FieldProblem(
                        name,
                        ErrorCode.INVALID,
                        f"{name}: the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}.",
                    )
                )
        if problems:
            raise DomainError(problems)
        return self

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
