"""What an actor may do with tickets, beyond seeing them (that is tickets.visibility).

- Requesters may submit tickets, edit the text of their own tickets and close them, but
  not change category, priority or status otherwise.
- Agents and admins change every ticket and see the statistics.
- Anonymous visitors may submit a ticket (and ask for a suggestion) only when
  PUBLIC_TICKET_SUBMISSION is on.

``ticket_abilities`` is the one statement of the change rules: ``check_changes`` enforces
it, and the API hands it to clients (``Ticket.viewerCan``) so they never restate it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from core.actors import has_perm, is_signed_in, is_system, require_perm
from core.errors import PermissionDenied
from core.permissions import Perm
from tickets import visibility
from tickets.models import Status

TEXT_FIELDS = frozenset({"title", "description"})
LABEL_FIELDS = frozenset({"category", "priority"})


@dataclass(frozen=True)
class TicketAbilities:
    """What the actor may change on one ticket they can see."""

    edit_text: bool = False
    set_labels: bool = False
    # The statuses the actor may move the ticket to (its current one aside).
    statuses: tuple[str, ...] = ()

    @property
    def changes_anything(self) -> bool:
        return self.edit_text or self.set_labels or bool(self.statuses)


NOTHING = TicketAbilities()
# Built once: Status.values makes a new list on every call, and live updates ask for the
# abilities of every subscriber on every event.
EVERYTHING = TicketAbilities(edit_text=True, set_labels=True, statuses=tuple(Status.values))


@dataclass(frozen=True)
class DeskAbilities:
    """What the actor may do on the desk as a whole (for clients laying out screens)."""

    submit_tickets: bool
    see_all_tickets: bool
    see_stats: bool


def desk_abilities(actor) -> DeskAbilities:
    return DeskAbilities(
        submit_tickets=may_submit(actor),
        see_all_tickets=visibility.sees_every_ticket(actor),
        see_stats=has_perm(actor, Perm.VIEW_STATS),
    )


def ticket_abilities(actor, ticket) -> TicketAbilities:
    """What ``actor`` may change on ``ticket`` (which they can see)."""
    if has_perm(actor, Perm.CHANGE_ANY_TICKET):
        return EVERYTHING
    if not has_perm(actor, Perm.EDIT_OWN_TICKET) or ticket.requester_id != actor.pk:
        return NOTHING
    return TicketAbilities(edit_text=True, statuses=(Status.CLOSED,))


def _open_to_visitors(actor) -> bool:
    return is_system(actor) or (not is_signed_in(actor) and settings.PUBLIC_TICKET_SUBMISSION)


def may_submit(actor) -> bool:
    return _open_to_visitors(actor) or has_perm(actor, Perm.SUBMIT_TICKET)


def check_create(actor) -> None:
    if _open_to_visitors(actor):
        return
    require_perm(actor, Perm.SUBMIT_TICKET, "You may not submit tickets.")


def check_classify(actor) -> None:
    if _open_to_visitors(actor):
        return
    require_perm(actor, Perm.CLASSIFY, "You may not ask for suggestions.")


def check_stats(actor) -> None:
    require_perm(actor, Perm.VIEW_STATS, "Only agents see the statistics.")


def check_changes(actor, ticket, changes: dict[str, str | None]) -> None:
    """May the actor (who can see the ticket) make these changes?  None: unchanged."""
    allowed = ticket_abilities(actor, ticket)
    if not allowed.changes_anything:
        require_perm(actor, Perm.EDIT_OWN_TICKET, "You may not change tickets.")
        raise PermissionDenied("You may not change this ticket.")
    for name, value in changes.items():
        if value is None:
            continue
        if name in TEXT_FIELDS and allowed.edit_text:
            continue
        if name in LABEL_FIELDS and allowed.set_labels:
            continue
        if name == "status" and value in allowed.statuses:
            continue
        hint = " (you may close your ticket)" if name == "status" and allowed.statuses else ""
        raise PermissionDenied(f"{name}: only agents change this{hint}.", field=name)
