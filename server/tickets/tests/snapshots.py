"""Ticket snapshots for tests that need no database."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

from tickets.events import TicketSnapshot

_PLAIN = TicketSnapshot(
    id=1,
    title="Printer jam",
    description="The printer on floor 2 eats paper.",
    category="technical",
    priority="medium",
    status="open",
    created_at=datetime(2026, 3, 5, 12, tzinfo=UTC),
    updated_at=datetime(2026, 3, 5, 12, tzinfo=UTC),
    suggested_category=None,
    suggested_priority=None,
    suggested_category_confidence=None,
    suggested_priority_confidence=None,
    suggestion_source=None,
    suggestion_model="",
    suggestion_fallback_reason="",
    labels_by_person=False,
    requester_id=None,
)


def a_snapshot(**changes) -> TicketSnapshot:
    """A plain open technical ticket, with ``changes``."""
    return dataclasses.replace(_PLAIN, **changes)


PARIS_WINTER = timezone(timedelta(hours=1))

# Every field set, none to its default; dates with an offset other than UTC's.
SUGGESTED = a_snapshot(
    id=42,
    title="Überweisung doppelt",
    description="Zweimal abgebucht: 2 × 9,99 €",
    category="billing",
    priority="high",
    status="in_progress",
    created_at=datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=PARIS_WINTER),
    updated_at=datetime(2026, 1, 3, tzinfo=PARIS_WINTER),
    suggested_category="billing",
    suggested_priority="critical",
    suggested_category_confidence=0.93,
    suggested_priority_confidence=1.0,
    suggestion_source="LLM",
    suggestion_model="some-model",
    suggestion_fallback_reason="",
    labels_by_person=True,
    requester_id=7,
)
