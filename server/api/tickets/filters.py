from __future__ import annotations

from datetime import datetime

import strawberry
from django.utils import timezone

from api.tickets.enums import TicketCategory, TicketPriority, TicketStatus
from tickets.selectors.filters import NO_FILTERS, TicketFilters


@strawberry.input(
    description="Values within a list are OR-ed; fields are AND-ed. Omitted means any."
)
class TicketFilter:
    category: list[TicketCategory] | None = None
    priority: list[TicketPriority] | None = None
    status: list[TicketStatus] | None = None
    search: str | None = strawberry.field(
        default=None,
        description="Case-insensitive substring of the title or the description.",
    )
    created_after: datetime | None = strawberry.field(
        default=None, description="Created at or after this instant."
    )
    created_before: datetime | None = strawberry.field(
        default=None, description="Created before this instant."
    )

    def to_domain(self) -> TicketFilters:
        return TicketFilters(
            category=[c.value for c in self.category or ()],
            priority=[p.value for p in self.priority or ()],
            status=[s.value for s in self.status or ()],
            search=self.search,
            created_after=_aware(self.created_after),
            created_before=_aware(self.created_before),
        )


def _aware(moment: datetime | None) -> datetime | None:
    """A timestamp without an offset is read in the desk's time zone."""
    if moment is None or timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment)


def to_domain(filter: TicketFilter | None) -> TicketFilters:
    return filter.to_domain() if filter is not None else NO_FILTERS
