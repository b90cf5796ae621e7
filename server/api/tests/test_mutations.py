"""createTicket / updateTicket: results, and every kind of bad input refused cleanly."""

import pytest
from strawberry.relay import GlobalID

from tickets.models import Ticket
from tickets.tests.factories import TicketFactory

CREATE = """
mutation($input: CreateTicketInput!) {
  createTicket(input: $input) {
    ticket { id title description category priority status createdAt updatedAt }
    errors { field code message }
  }
}
"""
UPDATE = """
mutation($id: ID!, $input: UpdateTicketInput!) {
  updateTicket(id: $id, input: $input) {
    ticket { id title description category priority status }
    errors { field code message }
  }
}
"""
GOOD = {
    "title": "Charged twice for March",
    "description": "Our card was charged two times for the March invoice.",
    "category": "BILLING",
    "priority": "HIGH",
}


def gid(ticket) -> str:
    return str(GlobalID("Ticket", str(ticket.pk)))


@pytest.mark.django_db
def test_create_ticket(gql):
    payload = gql(CREATE, {"input": GOOD})["createTicket"]
    assert payload["errors"] == []
    ticket = payload["ticket"]
    assert ticket["title"] == GOOD["title"]
    assert (ticket["category"], ticket["priority"], ticket["status"]) == ("BILLING", "HIGH", "OPEN")
    assert GlobalID.from_id(ticket["id"]).type_name == "Ticket"
    assert Ticket.objects.get().title == GOOD["title"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"title": ""}, "title", "BLANK"),
        ({"title": "    "}, "title", "BLANK"),
        ({"title": "\t\n"}, "title", "BLANK"),
        ({"title": "x" * 201}, "title", "TOO_LONG"),
        ({"description": ""}, "description", "BLANK"),
        ({"description": "  \n "}, "description", "BLANK"),
        ({"description": "x" * 20_001}, "description", "TOO_LONG"),
    ],
)
def test_create_refuses_bad_text_and_writes_nothing(gql, change, field, code):
    payload = gql(CREATE, {"input": GOOD | change})["createTicket"]
    assert payload["ticket"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [(field, code)]
    assert field in payload["errors"][0]["message"]
    assert Ticket.objects.count() == 0


@pytest.mark.django_db
def test_create_accepts_the_limits(gql):
    payload = gql(CREATE, {"input": GOOD | {"title": "x" * 200, "description": "y" * 20_000}})
    assert payload["createTicket"]["errors"] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad_input",
    [
        GOOD | {"category": "SALES"},
        GOOD | {"priority": "urgent"},
        {k: v for k, v in GOOD.items() if k != "title"},
        GOOD | {"status": "OPEN"},
        GOOD | {"title": None},
    ],
    ids=["bad-category", "bad-priority", "missing-title", "unknown-field", "null-title"],
)
def test_create_input_that_breaks_the_schema_is_a_validation_error(gql, bad_input):
    errors = gql.errors(CREATE, {"input": bad_input})
    assert "$input" in errors[0]["message"] or "input" in errors[0]["message"]
    assert Ticket.objects.count() == 0


@pytest.mark.django_db
def test_bad_enum_literal_is_rejected_by_validation(gql):
    errors = gql.errors(
        'mutation { createTicket(input: {title: "a", description: "b", category: SALES, '
        "priority: LOW}) { errors { code } } }"
    )
    assert "SALES" in errors[0]["message"]
    assert Ticket.objects.count() == 0


@pytest.mark.django_db
def test_update_ticket(gql):
    ticket = TicketFactory(status="open", priority="low")
    payload = gql(
        UPDATE, {"id": gid(ticket), "input": {"status": "IN_PROGRESS", "priority": "CRITICAL"}}
    )["updateTicket"]
    assert payload["errors"] == []
    assert (payload["ticket"]["status"], payload["ticket"]["priority"]) == (
        "IN_PROGRESS",
        "CRITICAL",
    )
    ticket.refresh_from_db()
    assert (ticket.status, ticket.priority) == ("in_progress", "critical")


@pytest.mark.django_db
def test_update_every_editable_field(gql):
    ticket = TicketFactory()
    change = {
        "title": "New title",
        "description": "New description",
        "category": "ACCOUNT",
        "priority": "HIGH",
        "status": "CLOSED",
    }
    payload = gql(UPDATE, {"id": gid(ticket), "input": change})["updateTicket"]
    assert payload["errors"] == []
    assert {k: payload["ticket"][k] for k in change} == change


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "field", "code"),
    [
        ({"title": " "}, "title", "BLANK"),
        ({"title": "x" * 201}, "title", "TOO_LONG"),
        ({"description": ""}, "description", "BLANK"),
        ({"description": "x" * 20_001}, "description", "TOO_LONG"),
        ({"title": None}, "title", "REQUIRED"),
        ({"status": None}, "status", "REQUIRED"),
    ],
)
def test_update_refuses_bad_input_and_writes_nothing(gql, change, field, code):
    ticket = TicketFactory(title="Original", status="open")
    before = Ticket.objects.values().get(pk=ticket.pk)
    payload = gql(UPDATE, {"id": gid(ticket), "input": {"status": "CLOSED"} | change})
    payload = payload["updateTicket"]
    assert payload["ticket"] is None
    assert (field, code) in [(e["field"], e["code"]) for e in payload["errors"]]
    assert Ticket.objects.values().get(pk=ticket.pk) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bad_id",
    [
        "not-an-id",
        "",
        "12",
        str(GlobalID("User", "1")),
        str(GlobalID("Ticket", "abc")),
        str(GlobalID("Ticket", "-3")),
    ],
)
def test_malformed_ids_are_invalid_id(gql, bad_id):
    TicketFactory()
    payload = gql(UPDATE, {"id": bad_id, "input": {"status": "CLOSED"}})["updateTicket"]
    assert payload["ticket"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("id", "INVALID_ID")]
    errors = gql.errors("query($id: ID!) { ticket(id: $id) { id } }", {"id": bad_id})
    assert errors[0]["extensions"]["code"] == "INVALID_ID"


@pytest.mark.django_db
def test_unknown_id_is_not_found(gql):
    missing = str(GlobalID("Ticket", "987654"))
    payload = gql(UPDATE, {"id": missing, "input": {"status": "CLOSED"}})["updateTicket"]
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("id", "NOT_FOUND")]
    assert gql("query($id: ID!) { ticket(id: $id) { id } }", {"id": missing}) == {"ticket": None}
