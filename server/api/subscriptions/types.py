from __future__ import annotations

from enum import Enum

import strawberry

from api.tickets.types import TicketType


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
