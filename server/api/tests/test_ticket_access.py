"""Requesters and their tickets: no id probing, own tickets only, limited changes."""

from __future__ import annotations

import pytest
from strawberry.relay import to_base64

from core.actors import SYSTEM
from tickets import services
from tickets.models import Ticket

pytestmark = pytest.mark.django_db

TICKET_ONLY = "query($id: ID!) { ticket(id: $id) { id title } }"
UPDATE = """mutation($id: ID!, $input: UpdateTicketInput!) {
  updateTicket(id: $id, input: $input) { ticket { id status } errors { field code message } }
}"""
LIST = "{ tickets { totalCount edges { node { id title } } } }"
CREATE = """mutation($input: CreateTicketInput!) {
  createTicket(input: $input) { ticket { id } errors { field code message } }
}"""


def gid(ticket: Ticket) -> str:
    return to_base64("Ticket", ticket.pk)


def ticket_of(user, title="Mine") -> Ticket:
    return services.create_ticket(
        title=title, description="Details.", category="billing", priority="low", actor=user
    )


def test_another_requesters_ticket_answers_like_a_missing_one(requester, other_requester, gql_as):
    theirs = ticket_of(requester, "Theirs")
    missing_id = to_base64("Ticket", theirs.pk + 1000)
    prober = gql_as(other_requester)

    assert prober(TICKET_ONLY, {"id": gid(theirs)}) == {"ticket": None}
    assert prober(TICKET_ONLY, {"id": missing_id}) == {"ticket": None}

    changes = {"input": {"status": "CLOSED"}}
    on_theirs = prober(UPDATE, {"id": gid(theirs), **changes})["updateTicket"]
    on_missing = prober(UPDATE, {"id": missing_id, **changes})["updateTicket"]
    assert on_theirs["ticket"] is on_missing["ticket"] is None
    [probed], [missing] = on_theirs["errors"], on_missing["errors"]
    assert probed["code"] == missing["code"] == "NOT_FOUND"
    assert probed["field"] == missing["field"] == "id"
    assert probed["message"] == f"No ticket with id {theirs.pk}."
    assert missing["message"] == f"No ticket with id {theirs.pk + 1000}."
    theirs.refresh_from_db()
    assert theirs.status == "open"


def test_the_list_and_its_count_hold_only_the_requesters_tickets(
    requester, other_requester, agent, gql_as
):
    mine = [ticket_of(requester, f"Mine {i}") for i in range(3)]
    ticket_of(other_requester, "Someone else's")
    ticket_of(agent, "An agent's")
    ticket_of(SYSTEM, "From before accounts")

    listed = gql_as(requester)(LIST)["tickets"]
    assert listed["totalCount"] == 3
    assert {e["node"]["id"] for e in listed["edges"]} == {gid(t) for t in mine}
    everything = gql_as(agent)(LIST)["tickets"]
    assert everything["totalCount"] == 6


def test_a_filter_cannot_widen_the_scope(requester, other_requester, gql_as):
    ticket_of(other_requester, "Invoice problem")
    query = """{ tickets(filter: {search: "invoice", category: [BILLING]}) {
      totalCount edges { node { id } } } }"""
    assert gql_as(requester)(query)["tickets"] == {"totalCount": 0, "edges": []}


def test_the_requester_is_whoever_submits(requester, gql_as):
    payload = gql_as(requester)(
        CREATE,
        {"input": {"title": "Help", "description": "Please.", "category": "GENERAL"}},
    )["createTicket"]
    assert payload["errors"] == []
    assert Ticket.objects.get().requester == requester


def test_a_requester_may_edit_the_text_and_close_but_not_relabel(requester, gql_as):
    ticket = ticket_of(requester)
    mine = gql_as(requester)
    for changes, field in (
        ({"priority": "CRITICAL"}, "priority"),
        ({"category": "BILLING"}, "category"),  # even to the value it has
        ({"status": "IN_PROGRESS"}, "status"),
        ({"status": "RESOLVED"}, "status"),
        ({"title": "Better", "status": "OPEN"}, "status"),
    ):
        payload = mine(UPDATE, {"id": gid(ticket), "input": changes})["updateTicket"]
        assert payload["ticket"] is None
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [
            (field, "PERMISSION_DENIED")
        ]
    ticket.refresh_from_db()
    assert (ticket.title, ticket.status, ticket.priority) == ("Mine", "open", "low")

    edited = mine(UPDATE, {"id": gid(ticket), "input": {"title": "Clearer title"}})
    assert edited["updateTicket"]["errors"] == []
    closed = mine(UPDATE, {"id": gid(ticket), "input": {"status": "CLOSED"}})
    assert closed["updateTicket"] == {
        "ticket": {"id": gid(ticket), "status": "CLOSED"},
        "errors": [],
    }


def test_agents_change_anything(requester, agent, gql_as):
    ticket = ticket_of(requester)
    payload = gql_as(agent)(
        UPDATE,
        {"id": gid(ticket), "input": {"status": "IN_PROGRESS", "priority": "HIGH"}},
    )["updateTicket"]
    assert payload["errors"] == []


def test_anonymous_queries_get_a_clear_error(anonymous_gql):
    for query in (LIST, "{ ticketStats { totalTickets } }"):
        body = anonymous_gql.body(query)
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert "Sign in" in body["errors"][0]["message"]
    body = anonymous_gql.body(TICKET_ONLY, {"id": to_base64("Ticket", 1)})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_requesters_get_no_stats(requester, gql_as):
    body = gql_as(requester).body("{ ticketStats { totalTickets } }")
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "PERMISSION_DENIED"


def test_anonymous_submission_only_when_the_setting_is_on(anonymous_gql, settings):
    variables = {"input": {"title": "Public", "description": "From the form."}}
    refused = anonymous_gql(CREATE, variables)["createTicket"]
    assert refused["errors"][0]["code"] == "UNAUTHENTICATED"
    assert not Ticket.objects.exists()

    settings.PUBLIC_TICKET_SUBMISSION = True
    accepted = anonymous_gql(CREATE, variables)["createTicket"]
    assert accepted["errors"] == []
    assert Ticket.objects.get().requester is None
    # Submitting is all: the list stays closed.
    assert anonymous_gql.body(LIST)["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_the_domain_refuses_too(requester, other_requester):
    """The services and selectors check the actor themselves, whoever calls them."""
    from django.contrib.auth.models import AnonymousUser

    from core.errors import DomainError, NotAuthenticated, PermissionDenied
    from tickets.selectors.stats import ticket_stats
    from tickets.selectors.tickets import get_ticket, list_tickets

    ticket = ticket_of(requester)
    assert get_ticket(ticket.pk, actor=other_requester) is None
    assert get_ticket(ticket.pk, actor=requester) == ticket
    assert list(list_tickets(actor=other_requester)) == []
    with pytest.raises(PermissionDenied):
        ticket_stats(actor=requester)
    with pytest.raises(NotAuthenticated):
        list_tickets(actor=AnonymousUser())
    with pytest.raises(NotAuthenticated):
        services.create_ticket(title="x", description="y", actor=AnonymousUser())
    with pytest.raises(DomainError) as refused:
        services.update_ticket(ticket_id=ticket.pk, status="closed", actor=other_requester)
    assert refused.value.problems[0].code == "NOT_FOUND"


def test_live_matching_keeps_to_the_requesters_tickets():
    """The hub's pure-Python filter agrees with the database's on the requester scope."""
    from tickets.filters import TicketFilter
    from tickets.tests.snapshots import a_snapshot

    snapshot = a_snapshot(requester_id=7)
    assert TicketFilter(requester_id=7).matches(snapshot)
    assert not TicketFilter(requester_id=8).matches(snapshot)
    assert not TicketFilter(requester_id=8).matches(a_snapshot(requester_id=None))
    assert TicketFilter().matches(a_snapshot(requester_id=None))
    assert TicketFilter(requester_id=7).key() != TicketFilter(requester_id=8).key()
