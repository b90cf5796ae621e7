"""Who a websocket acts as: checked at ``connection_init``, and again before every query
or mutation sent over it, as HTTP checks every request.

A socket authenticates with an API token in the ``connection_init`` payload
(``{"token": "desk_…"}`` or ``{"Authorization": "Bearer desk_…"}``), else with the session
cookie of its handshake.  A token revoked (or a session ended) after the socket opened
refuses the socket's later queries and mutations, as HTTP refuses its next request.  These
functions query the database: call them in a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from types import SimpleNamespace

from django.conf import settings
from django.contrib import auth

from accounts.tokens import bearer_secret, user_for_secret
from core.actors import is_signed_in

SIGN_IN_FIRST = "Sign in first: a session cookie or a token in connection_init."
UNKNOWN_TOKEN = "Unknown or revoked API token."
SESSION_ENDED = "Your session has ended: sign in again."


class Refused(Exception):
    """The credentials do not name an active user; ``message`` says which."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Credentials:
    """What the socket authenticated with: an API token's secret, or a session key."""

    token_secret: str | None = None
    session_key: str | None = None


def payload_secret(params: object) -> str | None:
    """The API token in a ``connection_init`` payload, if any."""
    if not isinstance(params, dict):
        return None
    token = params.get("token")
    if isinstance(token, str) and token.strip():
        return token.strip()
    for key in ("Authorization", "authorization"):
        value = params.get(key)
        if isinstance(value, str):
            return bearer_secret(value)
    return None


def _with_permissions(user):
    # Fills Django's permission caches on the user, so checks on the event loop later
    # never query.
    user.get_all_permissions()
    from accounts.roles import role_of

    role_of(user)
    return user


def _session_user(session_key: str | None):
    if not session_key:
        return None
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    user = auth.get_user(SimpleNamespace(session=store))
    return user if is_signed_in(user) else None


def authenticate(connection_params: object, scope: dict) -> tuple[object, Credentials]:
    """The user of a new connection and what it authenticated with; raises Refused."""
    secret = payload_secret(connection_params)
    if secret is not None:
        user = user_for_secret(secret)
        if user is None:
            raise Refused(UNKNOWN_TOKEN)
        return _with_permissions(user), Credentials(token_secret=secret)
    session = scope.get("session")
    user = _session_user(getattr(session, "session_key", None))
    if user is None:
        raise Refused(SIGN_IN_FIRST)
    return _with_permissions(user), Credentials(session_key=session.session_key)


def current_user(credentials: Credentials):
    """The socket's user now (the token or session may have ended); raises Refused."""
    if credentials.token_secret is not None:
        user = user_for_secret(credentials.token_secret)
        if user is None:
            raise Refused(UNKNOWN_TOKEN)
    else:
        user = _session_user(credentials.session_key)
        if user is None:
            raise Refused(SESSION_ENDED)
    return _with_permissions(user)
