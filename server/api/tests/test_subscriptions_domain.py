"""The live-update layer without a server: filter matching, publishing, coalescing."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from core.actors import SYSTEM
from tickets.events import EventKind, TicketEvent, snapshot
from tickets.filters import TicketFilter, tickets_matching
from tickets.live import publisher
from tickets.live.messages import decode, encode
from tickets.live.stats_feed import LiveUpdatesInterrupted, Mailbox, StatsFeed
from tickets.models import Ticket
from tickets.services import create_ticket, update_ticket
from tickets.tests.factories import TicketFactory
from tickets.tests.snapshots import a_snapshot

NOW = timezone.now()

FILTERS = [
    TicketFilter(),
    TicketFilter(category=["billing"]),
    TicketFilter(category=["billing", "account"], status=["open"]),
    TicketFilter(priority=["high", "critical"], status=["open", "in_progress"]),
    TicketFilter(search="INVOICE"),
    TicketFilter(search="  refund "),
    TicketFilter(search="nothing like this"),
    TicketFilter(created_after=NOW - timedelta(days=2)),
    TicketFilter(created_before=NOW - timedelta(days=2)),
    TicketFilter(created_after=NOW - timedelta(days=5), created_before=NOW - timedelta(days=1)),
    TicketFilter(category=["technical"], search="printer", created_after=NOW - timedelta(days=9)),
]


@pytest.mark.django_db
@pytest.mark.parametrize("filters", FILTERS, ids=range(len(FILTERS)))
def test_matches_agrees_with_the_database(filters):
    rows = [
        ("Invoice is wrong", "Charged twice", "billing", "high", "open", 0),
        ("Printer jam", "It needs a REFUND of my invoice", "technical", "low", "closed", 1),
        ("Cannot log in", "Password reset", "account", "critical", "in_progress", 3),
        ("Printer again", "still broken", "technical", "medium", "open", 6),
        ("Question", "How do I export?", "general", "low", "resolved", 10),
        ("Refund", "please", "billing", "critical", "open", 2),
    ]
    for title, description, category, priority, status, days_ago in rows:
        TicketFactory(
            title=title,
            description=description,
            category=category,
            priority=priority,
            status=status,
            created_at=NOW - timedelta(days=days_ago),
        )
    expected = set(tickets_matching(filters).values_list("id", flat=True))
    assert {t.id for t in Ticket.objects.all() if filters.matches(snapshot(t))} == expected


def test_matched_before_uses_the_previous_values():
    ticket = a_snapshot(category="billing", priority="low", status="resolved")
    open_only = TicketFilter(status=["open"])
    left = TicketEvent(EventKind.UPDATED, ticket, previous={"status": "open"})
    assert open_only.matched_before(left) and not open_only.matches(ticket)
    assert not open_only.matched_before(TicketEvent(EventKind.CREATED, ticket))


def test_equal_filters_share_a_key():
    assert (
        TicketFilter(category=["a", "b"], search=" X").key()
        == TicketFilter(category=["b", "a", "b"], search="x").key()
    )


@pytest.mark.django_db(transaction=True)
def test_events_round_trip_through_a_log_message():
    ticket = create_ticket(
        actor=SYSTEM, title="Hello", description="World", category="general", priority="low"
    )
    event = TicketEvent(EventKind.UPDATED, snapshot(ticket), {"status": "open"}, ("status",))
    message = encode(event)
    assert all(isinstance(v, str | int | float | bool | None) for v in message["ticket"].values())
    assert decode(message) == event


@pytest.fixture
def sent():
    log = mock.Mock()
    with mock.patch.object(publisher, "get_log", return_value=log):
        yield log.append


@pytest.mark.django_db(transaction=True)
def test_a_committed_write_is_published_and_a_rolled_back_one_is_not(sent):
    with pytest.raises(RuntimeError), transaction.atomic():
        create_ticket(
            actor=SYSTEM,
            title="Never",
            description="rolled back",
            category="billing",
            priority="low",
        )
        raise RuntimeError
    assert sent.call_count == 0
    ticket = create_ticket(
        actor=SYSTEM, title="Kept", description="committed", category="billing", priority="low"
    )
    update_ticket(actor=SYSTEM, ticket_id=ticket.pk, status="resolved")
    events = [call.args[0] for call in sent.call_args_list]
    assert [(e.kind, e.ticket.id) for e in events] == [
        (EventKind.CREATED, ticket.pk),
        (EventKind.UPDATED, ticket.pk),
    ]
    assert events[1].previous == {"status": "open"}


@pytest.mark.django_db(transaction=True)
def test_a_failing_event_log_never_fails_the_write(sent, caplog):
    sent.side_effect = ConnectionError("redis is gone")
    ticket = create_ticket(
        actor=SYSTEM, title="Still", description="saved", category="billing", priority="low"
    )
    assert Ticket.objects.filter(pk=ticket.pk).exists()
    assert "Live update not published" in caplog.text


@pytest.mark.asyncio
async def test_a_mailbox_keeps_only_the_latest_value():
    box = Mailbox()
    for version in (1, 3, 2):
        box.put(version, f"v{version}")
    assert await box.get() == (3, "v3")
    box.fail(LiveUpdatesInterrupted("gone"))
    with pytest.raises(LiveUpdatesInterrupted):
        await box.get()


@pytest.mark.asyncio
async def test_a_burst_of_changes_is_coalesced_and_the_latest_value_arrives():
    state = {"changes": 0, "computations": 0}

    async def compute(filters):
        state["computations"] += 1
        await asyncio.sleep(0.005)
        return state["changes"]

    feed = StatsFeed(TicketFilter(), compute, interval=0.05)
    box = feed.join()
    received = []
    for _ in range(200):
        state["changes"] += 1
        feed.changed()
        await asyncio.sleep(0.001)
    while not received or received[-1] != 200:
        received.append((await asyncio.wait_for(box.get(), 1))[1])
    assert state["computations"] <= 200 * 0.002 / 0.05 + 10
    assert received[-1] == 200
    feed.close()
