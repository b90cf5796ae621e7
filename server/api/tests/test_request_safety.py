"""Requests that must be refused with a clear error, never a 500."""

import json

import pytest

from tickets.tests.factories import TicketFactory

PAGE = "query($first: Int, $last: Int, $after: String) { tickets(first: $first, last: $last, after: $after) { totalCount } }"  # noqa: E501


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("variables", "code"),
    [
        ({"first": 101}, "INVALID_PAGE_SIZE"),
        ({"first": -1}, "INVALID_PAGE_SIZE"),
        ({"last": 101}, "INVALID_PAGE_SIZE"),
        ({"first": 5, "last": 5}, "INVALID_PAGINATION"),
        ({"after": "garbage"}, "INVALID_CURSOR"),
        ({"after": "djE6bm90LWEtZGF0ZTox"}, "INVALID_CURSOR"),  # "v1:not-a-date:1"
        ({"after": "dXNlcjox"}, "INVALID_CURSOR"),  # "user:1"
        ({"after": "💥"}, "INVALID_CURSOR"),
    ],
)
def test_bad_page_arguments_are_named(gql, variables, code):
    TicketFactory()
    errors = gql.errors(PAGE, variables)
    assert errors[0]["extensions"]["code"] == code


@pytest.mark.django_db
def test_hundred_is_the_largest_page(gql):
    TicketFactory.create_batch(3)
    assert gql(PAGE, {"first": 100})["tickets"]["totalCount"] == 3


@pytest.mark.django_db
def test_unknown_field_is_rejected_by_validation(gql):
    errors = gql.errors("{ tickets { edges { node { id secret } } } }")
    assert "secret" in errors[0]["message"]


@pytest.mark.django_db
def test_bad_enum_in_filter_is_rejected_by_validation(gql):
    errors = gql.errors("{ tickets(filter: {status: [WAITING]}) { totalCount } }")
    assert "WAITING" in errors[0]["message"]


DEEP = "{ tickets { edges { node { id } } } }"  # depth 3: root fields are depth 0


@pytest.mark.django_db
def test_query_nested_past_the_depth_limit_is_refused(gql, settings):
    # The schema itself is shallow, so the limit is lowered to make a legal query too deep.
    settings.GRAPHQL_MAX_DEPTH = 2
    errors = gql.errors(DEEP)
    assert "exceeds maximum operation depth" in errors[0]["message"]


@pytest.mark.django_db
def test_query_at_the_depth_limit_runs(gql, settings):
    settings.GRAPHQL_MAX_DEPTH = 3
    assert gql(DEEP)["tickets"] == {"edges": []}


@pytest.mark.django_db
def test_too_many_aliases_are_refused(gql, settings):
    aliases = " ".join(f"a{i}: ticketStats {{ totalTickets }}" for i in range(40))
    errors = gql.errors(f"{{ {aliases} }}")
    assert "aliases" in errors[0]["message"].lower()


@pytest.mark.django_db
def test_too_many_tokens_are_refused(gql, settings):
    fields = " ".join(["totalTickets"] * (settings.GRAPHQL_MAX_TOKENS + 10))
    errors = gql.errors(f"{{ ticketStats {{ {fields} }} }}")
    assert "token" in errors[0]["message"].lower()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body", ["not json", "{", "", "[1, 2", json.dumps({"variables": {}})], ids=repr
)
def test_a_body_that_is_not_a_graphql_request_is_a_400(client, body):
    response = client.post("/graphql", body, content_type="application/json", HTTP_HOST="localhost")
    assert response.status_code == 400
    assert response.content


@pytest.mark.django_db
def test_a_body_with_a_wrong_content_type_is_refused(client):
    response = client.post("/graphql", "query=1", content_type="text/plain", HTTP_HOST="localhost")
    assert 400 <= response.status_code < 500


@pytest.mark.django_db
def test_an_unexpected_failure_is_masked_and_logged(gql, monkeypatch, caplog):
    def explode(*args, **kwargs):
        raise RuntimeError("relation secret_table does not exist")

    monkeypatch.setattr("api.tickets.queries.ticket_stats", explode)
    errors = gql.errors("{ ticketStats { totalTickets } }")
    assert errors[0]["message"] == "Unexpected error."
    assert "secret_table" in caplog.text


@pytest.mark.django_db
def test_client_errors_are_not_logged_as_failures(gql, caplog):
    gql.errors("{ tickets(first: 500) { totalCount } }")
    assert "INVALID_PAGE_SIZE" not in caplog.text and "between 0 and 100" not in caplog.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"query": 5}, 400, "`query` must be a string"),
        ({"query": "{ ticketStats { totalTickets } }", "variables": "x"}, 400, "`variables`"),
        ({"query": "{ tickets { totalCount "}, 200, "Syntax Error"),
        ({"query": "mutation { createTicket }"}, 200, "must have a selection of subfields"),
    ],
    ids=["query-not-string", "variables-not-object", "syntax-error", "missing-selection"],
)
def test_malformed_graphql_requests_get_clear_errors(client, body, status, says):
    response = client.post(
        "/graphql", json.dumps(body), content_type="application/json", HTTP_HOST="localhost"
    )
    assert response.status_code == status
    assert says in response.content.decode()


@pytest.mark.django_db
def test_an_oversized_body_is_refused_without_a_500(client, settings):
    body = json.dumps({"query": "{ ticketStats { totalTickets } }", "pad": "x" * 300_000})
    response = client.post("/graphql", body, content_type="application/json", HTTP_HOST="localhost")
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
