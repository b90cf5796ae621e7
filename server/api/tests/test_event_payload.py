"""The ticket a subscription event resolves is built from the event's snapshot alone."""

from __future__ import annotations

from api.subscriptions.resolvers import ticket_of
from tickets.events import snapshot
from tickets.tests.snapshots import SUGGESTED


def test_the_ticket_of_an_event_holds_every_snapshot_field():
    """Without database access: a query would fail the test."""
    ticket = ticket_of(SUGGESTED)
    assert snapshot(ticket) == SUGGESTED
    assert ticket._state.adding  # an unsaved instance, never written
