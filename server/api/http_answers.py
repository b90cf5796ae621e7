"""What POST /graphql answers in, and the GraphQL-shaped body of every refusal.

GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/): a client that
accepts ``application/graphql-response+json`` gets that media type, and a request that
could not be executed at all (a body that is not a GraphQL request, a syntax or
validation error, variables that do not fit) gets a 4xx without a ``data`` entry.  A
client that accepts only ``application/json`` (or anything, or says nothing) gets
``application/json`` and, as before the spec, 200 for GraphQL's own request errors.
Refusals around GraphQL (a malformed body, a token, CSRF, size, an outage) are always JSON
``{"errors": [{"message": …, "extensions": {"code": …}}]}``.
"""

from __future__ import annotations

import json

from django.http import HttpResponse

from api.outages import SERVICE_UNAVAILABLE

JSON = "application/json"
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"

CODE_BY_STATUS = {
    400: "BAD_REQUEST",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    503: SERVICE_UNAVAILABLE,
}


def _weights(accept: str) -> tuple[float, float]:
    """The q of application/graphql-response+json and of application/json in ``accept``;
    ``*/*`` and ``application/*`` count for application/json only."""
    graphql_response = plain = 0.0
    for item in accept.split(","):
        media_range, *params = (part.strip() for part in item.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        media_range = media_range.lower()
        if media_range == GRAPHQL_RESPONSE_JSON:
            graphql_response = max(graphql_response, q)
        elif media_range in (JSON, "application/*", "*/*"):
            plain = max(plain, q)
    return graphql_response, plain


def response_media_type(accept: str | None) -> str:
    """application/graphql-response+json when the client prefers it (or likes it as much
    as application/json), else application/json (also when Accept is missing)."""
    if not accept:
        return JSON
    graphql_response, plain = _weights(accept)
    return GRAPHQL_RESPONSE_JSON if graphql_response > 0 and graphql_response >= plain else JSON


def error_response(
    status: int,
    message: str,
    *,
    code: str | None = None,
    media_type: str = JSON,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    """A request error: no ``data`` entry, one error with ``extensions.code``."""
    error = {"message": message, "extensions": {"code": code or CODE_BY_STATUS.get(status)}}
    return HttpResponse(
        json.dumps({"errors": [error]}), status=status, content_type=media_type, headers=headers
    )
