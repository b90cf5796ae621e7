"""Who may see and change which tickets.  The services and selectors call these with
their ``actor`` (accounts.permissions): the API, the admin and the websockets all get
the same answers.

- A ticket the actor may not see does not exist for them: the same NOT_FOUND, the same
  null, the same silence on a subscription, so ids cannot be probed.
- Requesters see their own tickets; they may edit the text of their own tickets and
  close them, but not change category, priority or status otherwise.
- Agents and admins see and change every ticket and the statistics.
- Anonymous visitors may submit a ticket (and ask for a suggestion) only when
  PUBLIC_TICKET_SUBMISSION is on.
"""

from __future__ import annotations

import dataclasses

from django.conf import settings

from accounts.errors import PermissionDenied
from accounts.permissions import has_perm, is_signed_in, is_system, require_perm
from accounts.roles import Perm
from tickets.models import Status
from tickets.selectors.filters import TicketFilters

REQUESTER_CHANGEABLE = frozenset({"title", "description"})


def may_see_all(actor) -> bool:
    return has_perm(actor, Perm.VIEW_ALL_TICKETS)


def visible_filters(filters: TicketFilters, actor) -> TicketFilters:
    """``filters`` narrowed to the tickets the actor may see (raises if none at all)."""
    if may_see_all(actor):
        return filters
    require_perm(actor, Perm.VIEW_OWN_TICKETS, "You may not see tickets.")
    return dataclasses.replace(filters, requester_id=actor.pk)


def may_see(actor, ticket) -> bool:
    if may_see_all(actor):
        return True
    return (
        is_signed_in(actor)
        and actor.has_perm(Perm.VIEW_OWN_TICKETS)
        and ticket.requester_id == actor.pk
    )


def check_create(actor) -> None:
    if is_system(actor) or (not is_signed_in(actor) and settings.PUBLIC_TICKET_SUBMISSION):
        return
    require_perm(actor, Perm.SUBMIT_TICKET, "You may not submit tickets.")


def check_classify(actor) -> None:
    if is_system(actor) or (not is_signed_in(actor) and settings.PUBLIC_TICKET_SUBMISSION):
        return
    require_perm(actor, Perm.CLASSIFY, "You may not ask for suggestions.")


def check_stats(actor) -> None:
    require_perm(actor, Perm.VIEW_STATS, "Only agents see the statistics.")


def check_changes(actor, ticket, changes: dict[str, str | None]) -> None:
    """May the actor (who can see the ticket) make these changes?"""
    if has_perm(actor, Perm.CHANGE_ANY_TICKET):
        return
    require_perm(actor, Perm.EDIT_OWN_TICKET, "You may not change tickets.")
    if ticket.requester_id != actor.pk:
        raise PermissionDenied("You may not change this ticket.")
    for name, value in changes.items():
        if value is None or name in REQUESTER_CHANGEABLE:
            continue
        if name == "status" and value == Status.CLOSED:
            continue
        hint = " (you may close your ticket)" if name == "status" else ""
        raise PermissionDenied(f"{name}: only agents change this{hint}.", field=name)
