"""The GraphQL request in an HTTP request, or a 400 that says what is wrong with it.

POST bodies are ``application/json`` in UTF-8 (the only charset GraphQL over HTTP
requires; another declared charset is refused rather than guessed at), holding one JSON
object: ``query`` a string, ``variables`` and ``extensions`` objects, ``operationName`` a
string (each may be null).  Anything else (``null``, a string or a number, a list, bytes
that are not UTF-8, JSON nested deeper than the parser's recursion limit) is a 400, never
a 500.  GET takes the same parameters in its query string (queries only).
"""

from __future__ import annotations

import json
from typing import Any

from cross_web import HTTPException
from strawberry.http import GraphQLRequestData
from strawberry.http.parse_content_type import parse_content_type

_UTF8 = {"utf-8", "utf8"}


def bad_request(message: str) -> HTTPException:
    return HTTPException(400, message)


def parse_json(data: str | bytes) -> Any:
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise bad_request("The request body is not valid UTF-8.") from None
    try:
        return json.loads(data)
    except json.JSONDecodeError as exc:
        raise bad_request(f"Unable to parse the request body as JSON: {exc}.") from None
    except RecursionError:
        raise bad_request("The request body's JSON is nested too deeply.") from None


def _json_body(request) -> Any:
    content_type, params = parse_content_type(request.headers.get("Content-Type", ""))
    if content_type.lower() != "application/json":
        raise bad_request("Unsupported content type: send the GraphQL request as application/json.")
    charset = params.get("charset", "utf-8").strip().strip('"').lower()
    if charset not in _UTF8:
        raise bad_request(f"Unsupported charset {charset!r}: send the body as UTF-8.")
    return parse_json(request.body)


def _check_type(data: dict, name: str, kind: type, what: str) -> Any:
    value = data.get(name)
    if not isinstance(value, kind | None):
        raise bad_request(f"The GraphQL operation's `{name}` must be {what} or null, if provided.")
    return value


def graphql_request(request, query_params: dict[str, Any] | None = None) -> GraphQLRequestData:
    """The operation in ``request`` (Django's HttpRequest); for GET, ``query_params`` are
    its already-decoded parameters."""
    data = query_params if request.method == "GET" else _json_body(request)
    if isinstance(data, list):
        raise bad_request("Batched requests are not supported: send one operation per request.")
    if not isinstance(data, dict):
        raise bad_request(
            "The request body must be a JSON object with a `query` (a GraphQL request)."
        )
    return GraphQLRequestData(
        query=_check_type(data, "query", str, "a string"),
        variables=_check_type(data, "variables", dict, "an object"),
        operation_name=_check_type(data, "operationName", str, "a string"),
        extensions=_check_type(data, "extensions", dict, "an object"),
    )
