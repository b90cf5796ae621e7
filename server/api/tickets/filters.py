from __future__ import annotations

from datetime import datetime

import strawberry
from django.utils import timezone
from graphql import GraphQLError

from api.tickets.enums import TicketCategory, TicketPriority, TicketStatus
from core.errors import DomainError
from tickets import filters as domain
from tickets.filters import EARLIEST_YEAR, LATEST_YEAR, SEARCH_MAX_LENGTH

_API_NAMES = {
    "search": "filter.search",
    "created_after": "filter.createdAfter",
    "created_before": "filter.createdBefore",
}


@strawberry.input(
    description="Values within a list are OR-ed; fields are AND-ed. Omitted means any."
)
class TicketFilter:
    category: list[TicketCategory] | None = None
    priority: list[TicketPriority] | None = None
    status: list[TicketStatus] | None = None
    search: str | None = strawberry.field(
        default=None,
        description=(
            "Case-insensitive substring of the title or the description, at most "
            f"{SEARCH_MAX_LENGTH} characters."
        ),
    )
    created_after: datetime | None = strawberry.field(
        default=None,
        description=f"Created at or after this instant (years {EARLIEST_YEAR} to {LATEST_YEAR}).",
    )
    created_before: datetime | None = strawberry.field(
        default=None,
        description=f"Created before this instant (years {EARLIEST_YEAR} to {LATEST_YEAR}).",
    )

    def to_domain(self) -> domain.TicketFilter:
        """The domain's filter; a value the desk cannot serve is a top-level error with
        extensions.code INVALID_ARGUMENT and the field at fault (queries and subscriptions
        alike)."""
        try:
            return self._domain_filter().validate()
        except DomainError as exc:
            problem = exc.problems[0]
            field = _API_NAMES.get(problem.field or "", "filter")
            message = problem.message.replace(f"{problem.field}:", f"{field}:", 1)
            raise GraphQLError(
                message, extensions={"code": "INVALID_ARGUMENT", "field": field}
            ) from None

    def _domain_filter(self) -> domain.TicketFilter:
        return domain.TicketFilter(
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


def to_domain(filter: TicketFilter | None) -> domain.TicketFilter:
    return filter.to_domain() if filter is not None else domain.NO_FILTER
