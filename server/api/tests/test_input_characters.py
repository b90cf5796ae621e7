"""A NUL byte or an unpaired surrogate in any string argument is a field error (INVALID,
naming the field), the same on SQLite and PostgreSQL: never "Unexpected error.", never a
traceback, nothing written."""

import json
import logging

import pytest
from strawberry.relay import GlobalID

from accounts.models import ApiToken
from core.errors import DomainError, ErrorCode
from testing.users import token_for
from tickets import services
from tickets.models import Ticket
from tickets.tests.factories import TicketFactory

BAD = {"nul": "before\u0000after", "surrogate": "before\ud800after"}

CREATE = """mutation($input: CreateTicketInput!) {
  createTicket(input: $input) { ticket { id } errors { field code message } } }"""
UPDATE = """mutation($id: ID!, $input: UpdateTicketInput!) {
  updateTicket(id: $id, input: $input) { ticket { id } errors { field code message } } }"""
CLASSIFY = """mutation($description: String!, $title: String) {
  classifyTicket(description: $description, title: $title) {
    suggestion { category } errors { field code message } } }"""
LOGIN = """mutation($username: String!, $password: String!) {
  login(username: $username, password: $password) { user { username } errors { field code message } } }"""  # noqa: E501
CREATE_TOKEN = """mutation($name: String!) {
  createApiToken(name: $name) { token { id } secret errors { field code message } } }"""
TICKETS = "query($filter: TicketFilter) { tickets(filter: $filter) { totalCount } }"
STATS = "query($filter: TicketFilter) { ticketStats(filter: $filter) { totalTickets } }"
GOOD = {"title": "Printer on fire", "description": "Smoke from tray 2.", "category": "TECHNICAL"}


def ticket_id() -> str:
    return str(GlobalID("Ticket", str(TicketFactory().pk)))


# (operation, variables with the bad value as {bad}, field named, payload key)
MUTATIONS = {
    "createTicket.title": (CREATE, lambda v: {"input": {**GOOD, "title": v}}, "title"),
    "createTicket.description": (
        CREATE,
        lambda v: {"input": {**GOOD, "description": v}},
        "description",
    ),
    "updateTicket.title": (UPDATE, lambda v: {"id": ticket_id(), "input": {"title": v}}, "title"),
    "updateTicket.description": (
        UPDATE,
        lambda v: {"id": ticket_id(), "input": {"description": v}},
        "description",
    ),
    "classifyTicket.description": (CLASSIFY, lambda v: {"description": v}, "description"),
    "classifyTicket.title": (CLASSIFY, lambda v: {"description": "Help", "title": v}, "title"),
    "login.username": (LOGIN, lambda v: {"username": v, "password": "whatever1234"}, "username"),
    "login.password": (LOGIN, lambda v: {"username": "agent-smith", "password": v}, "password"),
    "createApiToken.name": (CREATE_TOKEN, lambda v: {"name": v}, "name"),
}


def _assert_refused_cleanly(response, caplog, field: str) -> dict:
    assert response.status_code == 200, response.content
    body = response.json()
    assert "errors" not in body, body
    (payload,) = body["data"].values()
    assert payload["errors"] == [
        {
            "field": field,
            "code": "INVALID",
            "message": f"{field}: contains a NUL character or an unpaired surrogate, "
            "which text may not hold.",
        }
    ]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    return payload


@pytest.mark.django_db
@pytest.mark.parametrize("kind", BAD)
@pytest.mark.parametrize("case", MUTATIONS)
def test_every_string_argument_of_a_mutation_is_a_field_error(gql, caplog, case, kind):
    query, make_variables, field = MUTATIONS[case]
    variables = make_variables(BAD[kind])
    tickets_before = Ticket.objects.count()
    tokens_before = ApiToken.objects.count()
    payload = _assert_refused_cleanly(gql.post(query, variables), caplog, field)
    assert not any(payload.get(key) for key in ("ticket", "suggestion", "user", "token", "secret"))
    assert Ticket.objects.count() == tickets_before
    assert ApiToken.objects.count() == tokens_before


@pytest.mark.django_db
def test_a_nul_escape_in_the_document_itself_is_refused_too(gql, caplog):
    # GraphQL's own "\u0000" escape in a literal; (a "\ud800" literal is a syntax error).
    query = 'mutation { createTicket(input: {title: "a\\u0000b", description: "x"}) {' + (
        " ticket { id } errors { field code message } } }"
    )
    _assert_refused_cleanly(gql.post(query), caplog, "title")
    assert not Ticket.objects.exists()


@pytest.mark.django_db
def test_anonymous_login_with_a_nul_is_the_same_field_error(anonymous_gql, caplog):
    response = anonymous_gql.post(LOGIN, {"username": "a\u0000", "password": "x"})
    _assert_refused_cleanly(response, caplog, "username")


@pytest.mark.django_db
@pytest.mark.parametrize("kind", BAD)
@pytest.mark.parametrize("query", [TICKETS, STATS], ids=["tickets", "ticketStats"])
def test_the_search_filter_is_an_invalid_argument(gql, caplog, query, kind):
    TicketFactory()
    errors = gql.errors(query, {"filter": {"search": BAD[kind]}})
    assert errors[0]["extensions"] == {"code": "INVALID_ARGUMENT", "field": "filter.search"}
    assert errors[0]["message"].startswith("filter.search: contains a NUL character")
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.django_db
def test_a_nul_in_an_id_argument_is_an_argument_error_not_a_crash(gql):
    errors = gql.errors("query($id: ID!) { ticket(id: $id) { id } }", {"id": "VGlj\u0000"})
    assert errors[0]["extensions"]["code"] == "INVALID_ARGUMENT"
    assert errors[0]["extensions"]["field"] == "id"


@pytest.mark.django_db
def test_a_surrogate_pair_is_an_ordinary_character(gql):
    # "🏃" arrives in JSON as the escaped pair \ud83c\udfc3: one character, stored as is.
    body = json.dumps({"query": CREATE, "variables": {"input": {**GOOD, "title": "Run 🏃"}}})
    assert "\\ud83c\\udfc3" in body
    response = gql.client.post("/graphql", body, content_type="application/json")
    assert response.json()["data"]["createTicket"]["errors"] == []
    assert Ticket.objects.get().title == "Run 🏃"


# The domain's own rule, for writes that do not come through the API -----------------------


@pytest.mark.django_db
@pytest.mark.parametrize("kind", BAD)
@pytest.mark.parametrize("field", ["title", "description"])
def test_the_services_refuse_the_same_characters(agent, field, kind):
    fields = {"title": "Fine", "description": "Fine", field: BAD[kind]}
    with pytest.raises(DomainError) as refused:
        services.create_ticket(actor=agent, category="billing", priority="low", **fields)
    (problem,) = refused.value.problems
    assert (problem.field, problem.code) == (field, ErrorCode.INVALID)
    ticket = TicketFactory()
    with pytest.raises(DomainError) as refused:
        services.update_ticket(ticket_id=ticket.pk, actor=agent, **{field: BAD[kind]})
    assert refused.value.problems[0].code == ErrorCode.INVALID
    assert Ticket.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("kind", BAD)
def test_token_names_follow_the_rule_in_the_service_too(agent, kind):
    from accounts.services import create_api_token

    token_for(agent)
    with pytest.raises(DomainError) as refused:
        create_api_token(actor=agent, name=BAD[kind])
    assert refused.value.problems[0].code == ErrorCode.INVALID
    assert ApiToken.objects.filter(user=agent).count() == 1


def test_every_mutation_payload_can_carry_a_refusal():
    """The argument guard answers with the payload, every field but `errors` null: so no
    mutation that takes arguments may have another non-null payload field."""
    from graphql import GraphQLNonNull, get_named_type

    from api.schema import schema

    mutation = schema._schema.mutation_type
    for name, field in mutation.fields.items():
        if not field.args:
            continue
        payload = get_named_type(field.type)
        assert "errors" in payload.fields, name
        non_null = [
            key
            for key, payload_field in payload.fields.items()
            if key != "errors" and isinstance(payload_field.type, GraphQLNonNull)
        ]
        assert non_null == [], (name, non_null)
