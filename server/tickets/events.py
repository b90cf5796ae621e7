"""Domain events: every write announces exactly one event, after its transaction commits.

A rolled-back write is never announced.  Each event carries a snapshot of the ticket as
committed (and the values it had before an update), so a listener can decide whether it
cares without querying the database.  Listeners connect to ``ticket_changed``; the live
update layer is one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.dispatch import Signal

from tickets.models import SUGGESTION_FIELDS, Ticket

ticket_changed = Signal()

SNAPSHOT_FIELDS = (
    "id",
    "title",
    "description",
    "category",
    "priority",
    "status",
    "created_at",
    "updated_at",
    *SUGGESTION_FIELDS,
    "suggestion_fallback_reason",
    "labels_by_person",
    "requester_id",
)


class EventKind(StrEnum):
    CREATED = "CREATED"
    UPDATED = "UPDATED"


@dataclass(frozen=True)
class TicketEvent:
    kind: EventKind
    ticket: dict[str, Any]
    previous: dict[str, Any] = field(default_factory=dict)
    changed_fields: tuple[str, ...] = ()


def snapshot(ticket: Ticket) -> dict[str, Any]:
    return {name: getattr(ticket, name) for name in SNAPSHOT_FIELDS}


def publish_after_commit(event: TicketEvent) -> None:
    transaction.on_commit(lambda: ticket_changed.send(sender=TicketEvent, event=event))
