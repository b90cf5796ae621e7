"""Who does something: the ``actor`` every service and selector requires.

An actor is a Django user (possibly AnonymousUser) for everything a request drives
(GraphQL, websockets, the Django admin), or ``SYSTEM``, the desk itself, for management
commands, imports, data migrations and the desk's own jobs.  ``SYSTEM`` passes every
permission check; it has to be named, never implied by a missing argument.
"""

from __future__ import annotations

from core.errors import NotAuthenticated, PermissionDenied


class SystemActor:
    """The desk acting on its own behalf (one instance: ``SYSTEM``)."""

    pk = None
    is_authenticated = False
    is_active = True

    def __repr__(self) -> str:
        return "SYSTEM"

    def has_perm(self, perm: str) -> bool:
        return True


SYSTEM = SystemActor()


def is_system(actor) -> bool:
    return actor is SYSTEM


def is_signed_in(actor) -> bool:
    """A person (or their API token) who signed in, with an active account."""
    return not is_system(actor) and actor.is_authenticated and actor.is_active


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
