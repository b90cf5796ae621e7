"""Queries and mutations sent over a websocket, executed as HTTP executes them.

graphql-transport-ws allows any operation in ``subscribe``.  Strawberry runs a query or
mutation on the event loop, where the desk's resolvers (plain Django code) cannot touch the
database, so every one answered "Unexpected error.".  Here it runs in a worker thread with
``schema.execute_sync``, like a POST /graphql: the same schema extensions (depth, alias and
token limits, error masking), the same permissions and rate limits, with the socket's user
checked again first (a revoked token or an ended session is refused, as over HTTP).  A
socket needs no CSRF token: only pages of an allowed origin can open one
(api.subscriptions.consumer).
"""

from __future__ import annotations

from asgiref.sync import ThreadSensitiveContext
from channels.db import database_sync_to_async
from django.conf import settings
from graphql import GraphQLError, OperationType, get_operation_ast, parse
from strawberry.types import ExecutionResult

from api.subscriptions.actors import Credentials, Refused, current_user
from core.errors import ErrorCode


def operation_type(query: str, operation_name: str | None) -> OperationType | None:
    """The type of the operation a document names; None when it cannot be told (syntax
    error, no such operation), which the schema then reports in its own words."""
    try:
        document = parse(query, no_location=True, max_tokens=settings.GRAPHQL_MAX_TOKENS)
    except GraphQLError:
        return None
    operation = get_operation_ast(document, operation_name)
    return operation.operation if operation is not None else None


def is_request_error(result: ExecutionResult) -> bool:
    """Refused before execution (syntax, validation, credentials): no data, and no error
    belongs to a field.  graphql-transport-ws answers these with an ``error`` message."""
    return (
        result.data is None
        and bool(result.errors)
        and all(error.path is None for error in result.errors)
    )


def _execute(schema, context: dict, query: str, variables, operation_name) -> ExecutionResult:
    credentials: Credentials = context["credentials"]
    try:
        user = current_user(credentials)
    except Refused as refused:
        error = GraphQLError(refused.message, extensions={"code": ErrorCode.UNAUTHENTICATED.value})
        return ExecutionResult(data=None, errors=[error])
    return schema.execute_sync(
        query,
        variable_values=variables,
        context_value={**context, "user": user},
        operation_name=operation_name,
    )


async def execute_single_result(
    schema, context: dict, query: str, variables, operation_name
) -> ExecutionResult:
    """Runs a query or mutation in a thread of its own, as Django runs a request."""
    async with ThreadSensitiveContext():
        return await database_sync_to_async(_execute)(
            schema, context, query, variables, operation_name
        )
