"""Who may see which tickets: the one place that decides it.

- Requesters see their own tickets; agents and admins see every ticket; SYSTEM (the
  desk itself) sees everything.  Later limits (an agent held to their teams' tickets)
  belong in ``narrow`` and nowhere else.
- A ticket the actor may not see does not exist for them: the same NOT_FOUND, the same
  null, the same silence on a subscription, so ids cannot be probed.

Every read goes through ``narrow``: lists and counts (selectors.tickets), one ticket by
id (selectors.tickets.get_ticket, and the writes that look a ticket up), statistics
(selectors.stats) and live subscriptions (live.hub), so each answers from the same filter
(its SQL form for the database, its in-memory form for events).
"""

from __future__ import annotations

import dataclasses

from django.db.models import QuerySet

from core.actors import has_perm, require_perm
from core.errors import AccessError
from core.permissions import Perm
from tickets.filters import NO_FILTER, TicketFilter, tickets_matching
from tickets.models import Ticket


def sees_every_ticket(actor) -> bool:
    return has_perm(actor, Perm.VIEW_ALL_TICKETS)


def narrow(filters: TicketFilter, *, actor) -> TicketFilter:
    """``filters`` restricted to the tickets ``actor`` may see; refused (NotAuthenticated
    or PermissionDenied) when the actor may see no tickets at all."""
    if sees_every_ticket(actor):
        return filters
    require_perm(actor, Perm.VIEW_OWN_TICKETS, "You may not see tickets.")
    return dataclasses.replace(filters, requester_id=actor.pk)


def visible_tickets(filters: TicketFilter = NO_FILTER, *, actor) -> QuerySet[Ticket]:
    """The tickets under ``filters`` that ``actor`` may see (refused like ``narrow``)."""
    return tickets_matching(narrow(filters, actor=actor))


def findable_tickets(*, actor) -> QuerySet[Ticket]:
    """The tickets ``actor`` may see, or none at all for an actor who may see none: for
    a lookup by id, where "not yours" and "no such ticket" must read the same."""
    try:
        return visible_tickets(actor=actor)
    except AccessError:
        return Ticket.objects.none()
