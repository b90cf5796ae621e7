"""Who is asking, for resolvers; permission checks in GraphQL's terms.

Over HTTP the actor is the request's user (session cookie, or an API token checked by
api.views); over a websocket it is the user the connection authenticated as
(api.subscriptions.consumer).  Queries and subscriptions refuse with a top-level error
whose ``extensions.code`` is UNAUTHENTICATED or PERMISSION_DENIED; mutations report the
same codes in their payload's ``errors``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from graphql import GraphQLError
from strawberry.permission import BasePermission, PermissionExtension

from config.proxies import request_client_address, scope_client_address
from core.actors import is_signed_in
from core.errors import DomainError, ErrorCode

UNAUTHENTICATED_MESSAGE = "Sign in first (session cookie or Authorization: Bearer <token>)."
CSRF_FAILED_MESSAGE = (
    "CSRF check failed: send the csrftoken cookie's value in an X-CSRFToken header "
    "(GET /auth/csrf sets it), or authenticate with an API token."
)


def actor_of(info) -> Any:
    """The user behind this operation (AnonymousUser when nobody signed in)."""
    return actor_in(info.context)


def actor_in(context) -> Any:
    """The user behind an operation's context (a websocket's dict or an HTTP context)."""
    if isinstance(context, dict):  # websocket
        return context.get("user") or AnonymousUser()
    return getattr(context.request, "user", None) or AnonymousUser()


def request_of(info):
    """The Django HttpRequest, or None over a websocket."""
    context = info.context
    return None if isinstance(context, dict) else context.request


def client_ip(request) -> str | None:
    """The client's address for rate limits: REMOTE_ADDR, or behind TRUSTED_PROXIES the
    address X-Forwarded-For names (config/proxies.py)."""
    if request is None:
        return None
    return request_client_address(request)


def client_ip_of(info) -> str | None:
    """The client's address for this operation, over HTTP or a websocket (same rule)."""
    context = info.context
    if isinstance(context, dict):  # websocket: the consumer carries the ASGI scope
        consumer = context.get("ws") or context.get("request")
        scope = getattr(consumer, "scope", None)
        return scope_client_address(scope) if scope else None
    return client_ip(context.request)


def _bare(key: str) -> str:
    return key.strip().strip('"').strip()


def idempotency_key_of(info, given: str | None) -> str | None:
    """The input's idempotency key, or the request's Idempotency-Key header; both given
    must agree."""
    request = request_of(info)
    header = request.headers.get("Idempotency-Key") if request is not None else None
    if given is not None and header is not None and _bare(given) != _bare(header):
        raise DomainError.single(
            "idempotencyKey",
            ErrorCode.INVALID,
            "idempotencyKey: differs from the Idempotency-Key header; send one of them.",
        )
    return given if given is not None else header


def top_level_error(exc: DomainError) -> GraphQLError:
    problem = exc.problems[0]
    extensions: dict[str, Any] = {"code": problem.code.value}
    if problem.retry_after is not None:
        extensions["retryAfter"] = problem.retry_after
    return GraphQLError(problem.message, extensions=extensions)


class _Refusal(BasePermission):
    error_class = GraphQLError

    def on_unauthorized(self) -> None:
        raise GraphQLError(self.message or "", extensions=dict(self.error_extensions or {}))


class SignedIn(_Refusal):
    message = UNAUTHENTICATED_MESSAGE
    error_extensions = {"code": ErrorCode.UNAUTHENTICATED.value}

    def has_permission(self, source, info, **kwargs) -> bool:
        return is_signed_in(actor_of(info))


def signed_in_only() -> list:
    """Field extensions refusing an anonymous caller with UNAUTHENTICATED (no schema
    directive).  Only who is calling is checked here: what they may do is the domain's
    (tickets.policy, tickets.visibility), whose refusals the resolvers turn into
    top-level errors with the same codes."""
    return [PermissionExtension(permissions=[SignedIn()], use_directives=False)]
