from __future__ import annotations

import strawberry
from strawberry import relay

from api.access import actor_of, signed_in_only, top_level_error
from api.errors import request_error
from api.tickets.filters import TicketFilter, to_domain
from api.tickets.ids import decode_ticket_id
from api.tickets.stats import stats_payload
from api.tickets.types import TicketConnection, TicketEdge, TicketStats, TicketType
from core.errors import DomainError
from tickets.selectors.pagination import PaginationError, encode_cursor, paginate
from tickets.selectors.stats import ticket_stats
from tickets.selectors.tickets import get_ticket, list_tickets


@strawberry.type
class TicketQueries:
    @strawberry.field(
        description=(
            "Tickets, newest first, 25 a page by default, at most 100. Requesters see "
            "their own tickets only."
        ),
        extensions=signed_in_only(),
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
        actor = actor_of(info)
        try:
            filters = to_domain(filter)
            tickets = list_tickets(filters, actor=actor)
        except DomainError as exc:
            raise top_level_error(exc) from None
        try:
            page = paginate(tickets, first=first, after=after, last=last, before=before)
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
            actor=actor,
        )

    @strawberry.field(
        description="One ticket by its id, or null when there is none or it is not yours.",
        extensions=signed_in_only(),
    )
    def ticket(self, info: strawberry.Info, id: strawberry.ID) -> TicketType | None:
        try:
            pk = decode_ticket_id(id)
        except DomainError as exc:
            raise request_error(exc.problems[0].code.value, exc.problems[0].message) from None
        try:
            return get_ticket(pk, actor=actor_of(info))
        except DomainError as exc:
            raise top_level_error(exc) from None

    @strawberry.field(
        name="ticketStats",
        description="The desk's statistics (agents and admins).",
        extensions=signed_in_only(),
    )
    def ticket_stats(
        self, info: strawberry.Info, filter: TicketFilter | None = None
    ) -> TicketStats:
        try:
            data = ticket_stats(filters=to_domain(filter), actor=actor_of(info))
        except DomainError as exc:
            raise top_level_error(exc) from None
        return stats_payload(data)
