"""GraphQL over HTTP's media types: application/graphql-response+json when the client
accepts it (request errors then a 400 without data), application/json otherwise."""

import json

import pytest

from api.http_answers import GRAPHQL_RESPONSE_JSON, JSON, response_media_type

NEW = GRAPHQL_RESPONSE_JSON


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("", JSON),
        ("*/*", JSON),
        ("application/json", JSON),
        (NEW, NEW),
        (f"{NEW}, application/json;q=0.9", NEW),
        (f"application/json, {NEW};q=0.9", JSON),
        (f"{NEW};q=0.5, */*;q=0.8", JSON),
        (f"{NEW}, application/json", NEW),  # equal weights: the spec's own type
        (f"{NEW};q=0", JSON),
        (f"{NEW};q=oops", JSON),
        ("APPLICATION/GRAPHQL-RESPONSE+JSON", NEW),
        ("text/html", JSON),  # nothing acceptable: application/json, as the spec allows
        # What urql sends.
        (f"{NEW}, application/graphql+json, application/json, text/event-stream", NEW),
    ],
)
def test_the_media_type_follows_accept(accept, expected):
    assert response_media_type(accept) == expected


def call(client, body: dict, accept: str | None, **headers):
    if accept is not None:
        headers["HTTP_ACCEPT"] = accept
    return client.post(
        "/graphql",
        json.dumps(body),
        content_type="application/json",
        HTTP_HOST="localhost",
        **headers,
    )


REQUEST_ERRORS = {
    "syntax": {"query": "{"},
    "unknown-field": {"query": "{ noSuchField }"},
    "coercion": {"query": "query($id: ID!) { __typename }", "variables": {"id": None}},
    "too-deep": {"query": "{ tickets { edges { node { id } } } }"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", REQUEST_ERRORS)
def test_request_errors_are_a_400_without_data_for_the_new_media_type(gql, settings, case):
    settings.GRAPHQL_MAX_DEPTH = 2
    response = call(gql.client, REQUEST_ERRORS[case], NEW)
    assert response.status_code == 400
    assert response["Content-Type"] == NEW
    body = response.json()
    assert "data" not in body and body["errors"]


@pytest.mark.django_db
@pytest.mark.parametrize("case", REQUEST_ERRORS)
@pytest.mark.parametrize("accept", [None, "application/json", "*/*"])
def test_request_errors_stay_200_with_null_data_for_application_json(gql, settings, case, accept):
    settings.GRAPHQL_MAX_DEPTH = 2
    response = call(gql.client, REQUEST_ERRORS[case], accept)
    assert response.status_code == 200
    assert response["Content-Type"] == JSON
    body = response.json()
    assert body["data"] is None and body["errors"]


@pytest.mark.django_db
@pytest.mark.parametrize("accept", [NEW, JSON])
def test_field_errors_are_a_200_with_data_in_both(anonymous_gql, accept):
    # Executed, but a non-null field failed: data is null, the error has a path.
    response = call(anonymous_gql.client, {"query": "{ ticketStats { totalTickets } }"}, accept)
    assert response.status_code == 200
    assert response["Content-Type"] == accept
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["path"] == ["ticketStats"]
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.django_db
def test_mutation_payload_errors_are_a_200(gql):
    query = 'mutation { createTicket(input: {title: "", description: "x"}) { errors { code } } }'
    response = call(gql.client, {"query": query}, NEW)
    assert response.status_code == 200
    assert response["Content-Type"] == NEW
    assert response.json()["data"]["createTicket"]["errors"] == [{"code": "BLANK"}]


@pytest.mark.django_db
def test_refusals_around_graphql_use_the_accepted_media_type(client, make_user):
    response = call(client, {"query": "{ me { username } }"}, NEW, HTTP_AUTHORIZATION="Bearer x")
    assert response.status_code == 401
    assert response["Content-Type"] == NEW
    assert response.json() == {
        "errors": [
            {"message": "Unknown or revoked API token.", "extensions": {"code": "UNAUTHENTICATED"}}
        ]
    }
    bad = client.post("/graphql", b"null", content_type="application/json", HTTP_ACCEPT=NEW)
    assert (bad.status_code, bad["Content-Type"]) == (400, NEW)
