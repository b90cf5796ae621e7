"""Ticket events: the typed snapshot, the event log's plain messages, the publisher's wiring."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from django.apps import apps

from tickets.events import EventKind, TicketEvent, TicketSnapshot, snapshot, ticket_changed
from tickets.live import publisher
from tickets.live.messages import MalformedMessage, decode, encode
from tickets.tests.factories import TicketFactory
from tickets.tests.snapshots import SUGGESTED, a_snapshot

CHANGED = TicketEvent(
    EventKind.UPDATED,
    SUGGESTED,
    previous={"status": "open", "priority": "critical"},
    changed_fields=("status", "priority"),
)


@pytest.mark.django_db
def test_a_snapshot_holds_the_committed_ticket_typed():
    ticket = TicketFactory(title="Typed", suggested_category=None)
    taken = snapshot(ticket)
    assert isinstance(taken, TicketSnapshot)
    assert (taken.id, taken.title, taken.created_at) == (ticket.pk, "Typed", ticket.created_at)
    with pytest.raises(AttributeError):
        taken.title = "changed"  # frozen


@pytest.mark.parametrize(
    "event", [CHANGED, TicketEvent(EventKind.CREATED, a_snapshot())], ids=["updated", "created"]
)
def test_a_message_round_trips_through_json(event):
    message = json.loads(json.dumps(encode(event)))
    assert decode(message) == event
    assert decode(message).ticket.created_at.utcoffset() == event.ticket.created_at.utcoffset()


def test_a_message_holds_plain_json_with_iso_dates():
    message = encode(CHANGED)
    assert message["kind"] == "UPDATED"
    assert message["ticket"]["created_at"] == "2026-01-02T03:04:05.678901+01:00"
    assert message["previous"] == {"status": "open", "priority": "critical"}
    assert message["changed_fields"] == ["status", "priority"]


def test_the_ticket_before_a_change_takes_the_previous_values():
    before = CHANGED.ticket_before()
    assert (before.status, before.priority, before.title) == ("open", "critical", SUGGESTED.title)
    assert TicketEvent(EventKind.CREATED, SUGGESTED).ticket_before() is None


def test_an_event_names_only_snapshot_fields_and_the_same_in_both_places():
    with pytest.raises(ValueError, match="does not have"):
        TicketEvent(EventKind.UPDATED, SUGGESTED, previous={"colour": "red"})
    with pytest.raises(ValueError, match="same fields"):
        TicketEvent(EventKind.UPDATED, SUGGESTED, {"status": "open"}, ("priority",))
    assert TicketEvent(EventKind.UPDATED, SUGGESTED, {"status": "open"}).changed_fields == (
        "status",
    )


def _broken(**changes) -> dict:
    message = encode(CHANGED)
    for path, value in changes.items():
        part, _, name = path.partition("__")
        if name:
            message[part] = {**message[part], name: value}
        elif value is ...:
            del message[part]
        else:
            message[part] = value
    return message


@pytest.mark.parametrize(
    ("message", "says"),
    [
        (["not", "an", "object"], "expected a JSON object"),
        (_broken(type="chat.message"), "type should be 'ticket.event'"),
        (_broken(kind="DELETED"), "kind should be one of CREATED, UPDATED, got 'DELETED'"),
        (_broken(ticket=...), "missing ticket"),
        (_broken(ticket="42"), "ticket should be a JSON object"),
        (_broken(ticket__colour="red"), "ticket has unknown fields ['colour']"),
        (_broken(ticket__created_at="yesterday"), "ticket.created_at: expected an ISO 8601"),
        (
            _broken(ticket__created_at="2026-01-02T03:04:05"),
            "ticket.created_at: expected a date-time with an offset",
        ),
        (_broken(ticket__id="42"), "ticket.id: expected an integer, got '42'"),
        (_broken(ticket__id=True), "ticket.id: expected an integer, got True"),
        (_broken(ticket__title=None), "ticket.title: expected a string, got None"),
        (_broken(ticket__labels_by_person=1), "ticket.labels_by_person: expected true or false"),
        (_broken(previous__status=3), "previous.status: expected a string, got 3"),
        (_broken(previous__colour="red"), "previous has unknown fields ['colour']"),
        (_broken(changed_fields="status"), "changed_fields should be a list of field names"),
        (_broken(changed_fields=["title"]), "same fields"),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_a_malformed_message_is_refused_saying_what_is_wrong(message, says):
    with pytest.raises(MalformedMessage) as refused:
        decode(message)
    assert says in str(refused.value)


def test_a_missing_ticket_field_is_named():
    message = encode(CHANGED)
    del message["ticket"]["requester_id"]
    with pytest.raises(MalformedMessage, match="ticket lacks requester_id"):
        decode(message)


def test_the_app_config_connects_the_publisher_once():
    with mock.patch.object(publisher, "get_log") as get_log:
        ticket_changed.send(sender=TicketEvent, event=CHANGED)
        apps.get_app_config("tickets").ready()  # connecting again keeps one receiver
        ticket_changed.send(sender=TicketEvent, event=CHANGED)
    assert get_log.return_value.append.call_args_list == [mock.call(CHANGED)] * 2
