"""Bodies that are not a GraphQL request are a 400 with a GraphQL-shaped JSON error, never a
500; a body over the limit is a JSON 413; other methods a JSON 405."""

import json
import logging

import pytest
from django.test import Client

NESTED = "[" * 10_000 + "]" * 10_000
GOOD_QUERY = {"query": "{ __typename }"}


def post(client, body: bytes | str, content_type: str = "application/json", **headers):
    return client.post(
        "/graphql", body, content_type=content_type, HTTP_HOST="localhost", **headers
    )


def assert_refusal(response, status: int, code: str, says: str) -> None:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"errors"}, body  # a request error: no data entry
    (error,) = body["errors"]
    assert error["extensions"] == {"code": code}
    assert says in error["message"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "content_type", "says"),
    [
        (b"null", "application/json", "must be a JSON object"),
        (b'"{ __typename }"', "application/json", "must be a JSON object"),
        (b"5", "application/json", "must be a JSON object"),
        (b"true", "application/json", "must be a JSON object"),
        (b'{"query": "{ __typename \xff }"}', "application/json", "not valid UTF-8"),
        (b'{"query": "{ __typename }", "x": "caf\xe9"}', "application/json", "not valid UTF-8"),
        (
            # The test client encodes a str body in the declared charset: "é" is 0xE9.
            '{"query": "{ __typename }", "x": "café"}',
            "application/json; charset=latin-1",
            "Unsupported charset 'latin-1'",
        ),
        (json.dumps(GOOD_QUERY).encode(), "application/json; charset=latin-1", "charset"),
        (NESTED.encode(), "application/json", "nested too deeply"),
        (
            b'{"query": "{ __typename }", "variables": {"v": ' + NESTED.encode() + b"}}",
            "application/json",
            "nested too deeply",
        ),
        (b"[]", "application/json", "Batched requests are not supported"),
        (json.dumps([GOOD_QUERY]).encode(), "application/json", "Batched requests"),
        (b"{ not json", "application/json", "Unable to parse the request body as JSON"),
        (b" ", "application/json", "Unable to parse"),
        (json.dumps(GOOD_QUERY).encode(), "text/plain", "Unsupported content type"),
        (b"query=%7B__typename%7D", "application/x-www-form-urlencoded", "content type"),
        (json.dumps({"query": ["x"]}).encode(), "application/json", "`query` must be a string"),
        (json.dumps({"query": "{ a }", "operationName": 5}).encode(), "application/json", "`op"),
        (json.dumps({"query": "{ a }", "extensions": "x"}).encode(), "application/json", "`ext"),
    ],
    ids=[
        "null", "json-string", "json-number", "json-true", "invalid-utf8", "latin1-bytes",
        "charset-latin1", "charset-latin1-ascii", "nested-10000", "nested-variables",
        "empty-batch", "batch", "not-json", "empty", "text-plain", "form", "query-list",
        "operation-name-number", "extensions-string",
    ],
)  # fmt: skip
def test_bodies_that_are_not_a_graphql_request_are_a_json_400(
    client, caplog, body, content_type, says
):
    assert_refusal(post(client, body, content_type), 400, "BAD_REQUEST", says)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.django_db
def test_the_same_refusal_for_an_api_token(gql):
    response = gql.client.post("/graphql", b"null", content_type="application/json")
    assert_refusal(response, 400, "BAD_REQUEST", "must be a JSON object")


@pytest.mark.django_db
def test_a_utf8_charset_in_any_spelling_is_served(client):
    for charset in ("utf-8", "UTF-8", '"utf-8"', "utf8"):
        response = post(client, json.dumps(GOOD_QUERY), f"application/json; charset={charset}")
        assert response.status_code == 200, (charset, response.content)
        assert response.json() == {"data": {"__typename": "Query"}}


@pytest.mark.django_db
def test_a_body_over_the_limit_is_a_json_413(client, caplog, settings):
    body = json.dumps({**GOOD_QUERY, "pad": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
    response = post(client, body)
    assert_refusal(response, 413, "PAYLOAD_TOO_LARGE", "over 262144 bytes")
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


@pytest.mark.django_db
def test_a_form_body_over_the_limit_is_a_json_413_too(settings):
    # With a CSRF cookie, the CSRF check reads the form (request.POST) before GraphQL does.
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "x" * 32
    body = "pad=" + "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    response = post(client, body, "application/x-www-form-urlencoded")
    assert_refusal(response, 413, "PAYLOAD_TOO_LARGE", "over")


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_a_json_405(client, method):
    response = getattr(client, method)(
        "/graphql", json.dumps(GOOD_QUERY), content_type="application/json", HTTP_HOST="localhost"
    )
    assert_refusal(response, 405, "METHOD_NOT_ALLOWED", "GET and POST")
    assert response["Allow"] == "GET, POST"


@pytest.mark.django_db
def test_a_mutation_over_get_is_refused(client):
    response = client.get(
        "/graphql", {"query": "mutation { logout { ok } }"}, HTTP_HOST="localhost"
    )
    assert_refusal(response, 400, "BAD_REQUEST", "mutations are not allowed when using GET")


@pytest.mark.django_db
def test_get_variables_that_are_not_json_are_a_400(client):
    response = client.get(
        "/graphql", {"query": "{ __typename }", "variables": "{oops"}, HTTP_HOST="localhost"
    )
    assert_refusal(response, 400, "BAD_REQUEST", "Unable to parse")
