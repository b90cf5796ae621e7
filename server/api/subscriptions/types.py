from __future__ import annotations

from collections.abc import Hashable
from enum import Enum

import strawberry

from api.tickets.types import TicketType
from tickets.policy import ticket_abilities


@strawberry.enum(name="TicketEventKind")
class TicketEventKind(Enum):
    CREATED = "CREATED"
    UPDATED = "UPDATED"


@strawberry.type(name="TicketEvent", description="A ticket was created or changed.")
class TicketEventType:
    kind: TicketEventKind
    ticket: TicketType = strawberry.field(description="The ticket as committed.")
    matches_filter: bool = strawberry.field(
        description=(
            "Whether the ticket matches the subscription's filter now. False only on the "
            "last event for a ticket that stopped matching: drop it from a filtered list."
        )
    )

    def viewer_variant(self, actor) -> Hashable:
        """What of the viewer this event renders differently for (api.subscriptions.rendering):
        ``ticket.viewerCan``, so the viewer's abilities on the ticket."""
        return ticket_abilities(actor, self.ticket)
