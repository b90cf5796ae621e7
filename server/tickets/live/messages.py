"""TicketEvents as plain messages for the event log (JSON in Redis: plain types only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from tickets.events import EventKind, TicketEvent

MESSAGE_TYPE = "ticket.event"
_DATETIME_FIELDS = frozenset({"created_at", "updated_at"})


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in values.items()}


def _typed(values: dict[str, Any]) -> dict[str, Any]:
    return {
        k: datetime.fromisoformat(v) if k in _DATETIME_FIELDS and isinstance(v, str) else v
        for k, v in values.items()
    }


def encode(event: TicketEvent) -> dict[str, Any]:
    return {
        "type": MESSAGE_TYPE,
        "kind": event.kind.value,
        "ticket": _plain(event.ticket),
        "previous": _plain(event.previous),
        "changed_fields": list(event.changed_fields),
    }


def decode(message: dict[str, Any]) -> TicketEvent:
    return TicketEvent(
        kind=EventKind(message["kind"]),
        ticket=_typed(message["ticket"]),
        previous=_typed(message["previous"]),
        changed_fields=tuple(message["changed_fields"]),
    )
