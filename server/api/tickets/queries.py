from __future__ import annotations

import strawberry
from strawberry import relay

from api.access import SeesStats, SeesTickets, actor_of, requires, top_level_error
from api.errors import request_error
from api.tickets.filters import TicketFilter, to_domain
from api.tickets.ids import decode_ticket_id
from api.tickets.stats import stats_payload
from api.tickets.types import TicketConnection, TicketEdge, TicketStats, TicketType
from tickets.access import visible_filters
from tickets.errors import DomainError
from tickets.selectors.filters import filter_tickets
from tickets.selectors.pagination import PaginationError, encode_cursor, paginate
from tickets.selectors.stats import ticket_stats
from tickets.selectors.tickets import get_ticket


@strawberry.type
class TicketQueries:
    @strawberry.field(
        description=(
            "Tickets, newest first, 25 a page by default, at most 100. Requesters see "
            "their own tickets only."
        ),
        extensions=requires(SeesTickets),
    )
    def tickets(
        self,
        info: strawberry.Info,
        filter: TicketFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> TicketConnection:
        try:
            filters = visible_filters(to_domain(filter), actor_of(info))
        except DomainError as exc:
            raise top_level_error(exc) from None
        try:
            page = paginate(
                filter_tickets(filters), first=first, after=after, last=last, before=before
            )
        except PaginationError as exc:
            raise request_error(exc.code, str(exc)) from None
        return TicketConnection(
            edges=[TicketEdge(node=t, cursor=encode_cursor(t)) for t in page.items],
            page_info=relay.PageInfo(
                has_next_page=page.has_next_page,
                has_previous_page=page.has_previous_page,
                start_cursor=page.start_cursor,
                end_cursor=page.end_cursor,
            ),
            filters=filters,
        )

    @strawberry.field(
        description="One ticket by its id, or null when there is none or it is not yours.",
        extensions=requires(SeesTickets),
    )
    def ticket(self, info: strawberry.Info, id: strawberry.ID) -> TicketType | None:
        try:
            pk = decode_ticket_id(id)
        except DomainError as exc:
            raise request_error(exc.problems[0].code.value, exc.problems[0].message) from None
        return get_ticket(pk, actor=actor_of(info))

    @strawberry.field(
        name="ticketStats",
        description="The desk's statistics (agents and admins).",
        extensions=requires(SeesStats),
    )
    def ticket_stats(
        self, info: strawberry.Info, filter: TicketFilter | None = None
    ) -> TicketStats:
        try:
            data = ticket_stats(filters=to_domain(filter), actor=actor_of(info))
        except DomainError as exc:
            raise top_level_error(exc) from None
        return stats_payload(data)
