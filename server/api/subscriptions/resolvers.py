"""Subscription resolvers: thin adapters from the domain's live hub to GraphQL types.

Nothing here is stored on the connection's context, which lives as long as the socket.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator

import strawberry
from django.conf import settings

from api.access import actor_of, signed_in_only, top_level_error
from api.errors import request_error
from api.subscriptions.rendering import shared
from api.subscriptions.types import TicketEventKind, TicketEventType
from api.tickets.filters import TicketFilter, to_domain
from api.tickets.stats import stats_payload
from api.tickets.types import TicketStats
from core.errors import DomainError
from tickets.events import TicketEvent, TicketSnapshot
from tickets.live.hub import get_hub
from tickets.live.stats_feed import LiveUpdatesInterrupted
from tickets.models import Ticket

INTERRUPTED = "LIVE_UPDATES_INTERRUPTED"


def ticket_of(snapshot: TicketSnapshot) -> Ticket:
    """The ticket the API resolves for an event: an unsaved model instance holding the
    snapshot's values, so no query per event."""
    return Ticket(
        id=snapshot.id,
        title=snapshot.title,
        description=snapshot.description,
        category=snapshot.category,
        priority=snapshot.priority,
        status=snapshot.status,
        created_at=snapshot.created_at,
        updated_at=snapshot.updated_at,
        suggested_category=snapshot.suggested_category,
        suggested_priority=snapshot.suggested_priority,
        suggested_category_confidence=snapshot.suggested_category_confidence,
        suggested_priority_confidence=snapshot.suggested_priority_confidence,
        suggestion_source=snapshot.suggestion_source,
        suggestion_model=snapshot.suggestion_model,
        suggestion_fallback_reason=snapshot.suggestion_fallback_reason,
        labels_by_person=snapshot.labels_by_person,
        requester_id=snapshot.requester_id,
    )


def _event_payload(event: TicketEvent, matching: bool) -> TicketEventType:
    """Built once per event and filter, shared by that filter's subscribers."""
    return shared(
        TicketEventType(
            kind=TicketEventKind(event.kind.value),
            ticket=ticket_of(event.ticket),
            matches_filter=matching,
        )
    )


def _stats_payload(data) -> TicketStats:
    return shared(stats_payload(data))


@strawberry.type
class TicketSubscriptions:
    @strawberry.subscription(
        name="ticketEvents",
        description=(
            "Every ticket created or changed that matches the filter after the change, "
            "plus one last UPDATED (matchesFilter false) for a ticket that stops matching. "
            "Requesters hear about their own tickets only."
        ),
        extensions=signed_in_only(),
    )
    async def ticket_events(
        self, info: strawberry.Info, filter: TicketFilter | None = None
    ) -> AsyncGenerator[TicketEventType, None]:
        actor = actor_of(info)
        try:
            async with get_hub().events(
                to_domain(filter), _event_payload, actor=actor
            ) as subscriber:
                while True:
                    item = await subscriber.queue.get()
                    if isinstance(item, Exception):
                        raise item
                    yield item
        except LiveUpdatesInterrupted as exc:
            raise request_error(INTERRUPTED, str(exc)) from None
        except DomainError as exc:
            raise top_level_error(exc) from None

    @strawberry.subscription(
        name="ticketStats",
        description=(
            "The statistics at once, then again after changes that concern the filter: "
            "at most one message per 250 ms, the latest numbers always last. Agents only."
        ),
        extensions=signed_in_only(),
    )
    async def ticket_stats(
        self, info: strawberry.Info, filter: TicketFilter | None = None
    ) -> AsyncGenerator[TicketStats, None]:
        actor = actor_of(info)
        loop = asyncio.get_running_loop()
        interval = settings.LIVE_STATS_INTERVAL
        try:
            async with get_hub().stats(to_domain(filter), _stats_payload, actor=actor) as feed:
                mailbox = feed.join()
                try:
                    sent, value = await feed.current()
                    yield value
                    last = loop.time()
                    while True:
                        version, value = await mailbox.get()
                        if version <= sent:
                            continue
                        wait = last + interval - loop.time()
                        if wait > 0:
                            await asyncio.sleep(wait)
                            version, value = mailbox.newest(version, value)
                        sent = version
                        yield value
                        last = loop.time()
                finally:
                    feed.leave(mailbox)
        except LiveUpdatesInterrupted as exc:
            raise request_error(INTERRUPTED, str(exc)) from None
        except DomainError as exc:
            raise top_level_error(exc) from None
