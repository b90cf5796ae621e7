"""Checks the domain's services and selectors make against their ``actor``.

``actor`` is a Django user (possibly AnonymousUser), or None for the desk itself:
management commands, data migrations and the desk's own jobs act as None and are not
checked.  Every request-driven call (GraphQL, websockets, the Django admin) passes the
request's user.
"""

from __future__ import annotations

from accounts.errors import NotAuthenticated, PermissionDenied

SYSTEM = None


def is_system(actor) -> bool:
    return actor is None


def is_signed_in(actor) -> bool:
    return actor is not None and actor.is_authenticated and actor.is_active


def has_perm(actor, perm: str) -> bool:
    if is_system(actor):
        return True
    return is_signed_in(actor) and actor.has_perm(perm)


def require_signed_in(actor) -> None:
    if not is_system(actor) and not is_signed_in(actor):
        raise NotAuthenticated()


def require_perm(actor, perm: str, message: str | None = None, *, field: str | None = None):
    require_signed_in(actor)
    if not has_perm(actor, perm):
        raise PermissionDenied(message or "You are not allowed to do this.", field=field)
