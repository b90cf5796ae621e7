"""Domain events: every write announces exactly one event, after its transaction commits.

A rolled-back write is never announced.  Listeners connect to ``ticket_changed``; the live
update layer is one of them (connected in ``TicketsConfig.ready``).

The shape every event follows (later ones too: messages, assignment, SLA):

- a ``kind`` (a StrEnum) saying what happened;
- a frozen, typed snapshot of the thing as committed (``TicketSnapshot``), so a listener
  decides whether it cares without querying the database;
- for a change, ``previous``: each changed field's value before it (``changed_fields``
  lists the same fields in the order the write changed them);
- plain-JSON (de)serialisation for the event log next to it, in ``tickets.live.messages``
  (the snapshot's field types decide how each value travels).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType

from django.db import transaction
from django.dispatch import Signal

from tickets.models import Ticket

ticket_changed = Signal()


@dataclass(frozen=True)
class TicketSnapshot:
    """A ticket's fields as committed: what events carry and what filters match in memory.

    A new field here is read from the model by ``snapshot`` and travels through the event
    log by its type (``tickets.live.messages``); the API builds its ticket from it in
    ``api.subscriptions.resolvers.ticket_of``.
    """

    id: int
    title: str
    description: str
    category: str
    priority: str
    status: str
    created_at: datetime
    updated_at: datetime
    suggested_category: str | None
    suggested_priority: str | None
    suggested_category_confidence: float | None
    suggested_priority_confidence: float | None
    suggestion_source: str | None
    suggestion_model: str
    suggestion_fallback_reason: str
    labels_by_person: bool
    requester_id: int | None


SNAPSHOT_FIELDS = tuple(f.name for f in dataclasses.fields(TicketSnapshot))


def snapshot(ticket: Ticket) -> TicketSnapshot:
    return TicketSnapshot(**{name: getattr(ticket, name) for name in SNAPSHOT_FIELDS})


class EventKind(StrEnum):
    CREATED = "CREATED"
    UPDATED = "UPDATED"


@dataclass(frozen=True)
class TicketEvent:
    """``previous`` maps each changed field to its value before the change (empty for a
    new ticket); ``changed_fields`` names the same fields, defaulting to its keys."""

    kind: EventKind
    ticket: TicketSnapshot
    previous: Mapping[str, object] = field(default_factory=dict)
    changed_fields: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = set(self.previous) - set(SNAPSHOT_FIELDS)
        if unknown:
            raise ValueError(f"previous names fields a snapshot does not have: {sorted(unknown)}")
        if not self.changed_fields:
            object.__setattr__(self, "changed_fields", tuple(self.previous))
        if set(self.changed_fields) != set(self.previous):
            raise ValueError("changed_fields and the keys of previous must name the same fields")
        object.__setattr__(self, "previous", MappingProxyType(dict(self.previous)))

    def ticket_before(self) -> TicketSnapshot | None:
        """The ticket as it was before this change (None: it did not exist)."""
        if self.kind == EventKind.CREATED:
            return None
        return dataclasses.replace(self.ticket, **self.previous)


def publish_after_commit(event: TicketEvent) -> None:
    transaction.on_commit(lambda: ticket_changed.send(sender=TicketEvent, event=event))
