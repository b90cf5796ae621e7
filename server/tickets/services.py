"""Writes to tickets.  Every write: keyword-only arguments, one transaction, full_clean,
and one event published after commit (see tickets.events)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.actors import is_signed_in, is_system
from core.errors import DomainError, ErrorCode
from tickets import day_counts, idempotency, policy, visibility
from tickets.classification.chain import suggest
from tickets.classification.types import Suggestion, TicketText
from tickets.events import EventKind, TicketEvent, publish_after_commit, snapshot
from tickets.models import Ticket

EDITABLE_FIELDS = ("title", "description", "category", "priority", "status")


def _normalise_text(value: str) -> str:
    return value.strip()


def _validate(ticket: Ticket, *, exclude: list[str] | None = None) -> None:
    try:
        # The field validators check every rule the CHECK constraints hold; validating the
        # constraints as well would cost one SELECT per constraint on every write.
        ticket.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        raise DomainError.from_validation_error(exc) from None


def _broken_rule() -> DomainError:
    # The validators passed, so this is a rule only the database knows (a requester
    # deleted meanwhile, say), a race or a bug; either way the caller gets a clean refusal
    # and the transaction rolls back.
    return DomainError.single(None, ErrorCode.INVALID, "The ticket breaks a rule.")


def _save_validated(ticket: Ticket, *, update_fields: list[str]) -> None:
    # An update never changes the requester: no SELECT to validate its foreign key.
    _validate(ticket, exclude=["requester"])
    try:
        ticket.save(update_fields=update_fields)
    except IntegrityError as exc:
        raise _broken_rule() from exc


def create_ticket(
    *,
    title: str,
    description: str,
    category: str | None = None,
    priority: str | None = None,
    actor,
    requester=None,
    idempotency_key: str | None = None,
    client_ip: str | None = None,
) -> Ticket:
    """Submit a ticket.  The classifier always runs, so every ticket keeps what was
    suggested; an omitted category or priority takes the suggestion.  Both given means a
    person chose the labels.

    The requester is the actor when signed in; only the desk itself (actor SYSTEM: demo
    data, imports) names another ``requester``.

    With an ``idempotency_key`` a repeat of the same input by the same caller (an
    anonymous one by ``client_ip``) returns the ticket the first call created, even when
    both run at once (tickets/idempotency.py).

    The input is validated before the classifier is asked (no model call for a ticket
    that will be refused), and the classifier runs before the transaction opens, so a
    slow LLM never holds a database lock.
    """
    policy.check_create(actor)
    claim = None
    if idempotency_key is not None:
        claim = idempotency.Claim.of(
            key=idempotency_key,
            actor=actor,
            client_ip=client_ip,
            fields={
                "title": title,
                "description": description,
                "category": category,
                "priority": priority,
                "requester": getattr(requester, "pk", None),
            },
        )
        earlier = idempotency.earlier_ticket(claim)
        if earlier is not None:
            return earlier
    if not is_system(actor):
        requester = actor if is_signed_in(actor) else None
    ticket = Ticket(
        requester=requester,
        title=_normalise_text(title),
        description=_normalise_text(description),
        category=category or "",
        priority=priority or "",
        labels_by_person=bool(category and priority),
    )
    omitted = [
        name for name, value in (("category", category), ("priority", priority)) if not value
    ]
    # Validated once, before the classifier, leaving out only what it fills in (its own
    # values, which the CHECK constraints hold anyway) and the requester: a user this call
    # holds (the actor, or one the desk names), whose existence the foreign key checks at
    # the INSERT instead of a SELECT here.
    _validate(ticket, exclude=[*omitted, "requester"])
    suggestion = suggest(TicketText.of(title=ticket.title, description=ticket.description))
    _record_suggestion(ticket, suggestion)
    try:
        with transaction.atomic():
            ticket.save()
            day_counts.record_created(ticket)
            if claim is not None:
                idempotency.remember(claim, ticket)
            publish_after_commit(TicketEvent(kind=EventKind.CREATED, ticket=snapshot(ticket)))
    except idempotency.KeyTaken:
        # A concurrent repeat committed first: everything here rolled back; answer with its
        # ticket (or refuse, if it came with a different input).
        return idempotency.winner(claim)
    except IntegrityError as exc:
        # Raised by the INSERT, or by the COMMIT for the foreign key (checked deferred).
        raise _broken_rule() from exc
    return ticket


def _record_suggestion(ticket: Ticket, suggestion: Suggestion) -> None:
    ticket.suggested_category = suggestion.category
    ticket.suggested_priority = suggestion.priority
    ticket.suggested_category_confidence = suggestion.category_confidence
    ticket.suggested_priority_confidence = suggestion.priority_confidence
    ticket.suggestion_source = suggestion.source
    ticket.suggestion_model = suggestion.model[:100]
    ticket.suggestion_fallback_reason = (suggestion.fallback_reason or "")[:300]
    ticket.category = ticket.category or suggestion.category
    ticket.priority = ticket.priority or suggestion.priority


@transaction.atomic
def update_ticket(
    *,
    ticket_id: int,
    title: str | None = None,
    description: str | None = None,
    category: str | None = None,
    priority: str | None = None,
    status: str | None = None,
    actor,
) -> Ticket:
    """Change the given fields (None leaves a field as it is).

    An update that changes nothing writes nothing and announces nothing.  A ticket the
    actor may not see is NOT_FOUND, exactly like a ticket that does not exist.
    """
    ticket = (
        visibility.findable_tickets(actor=actor).select_for_update().filter(pk=ticket_id).first()
    )
    if ticket is None:
        raise DomainError.single("id", ErrorCode.NOT_FOUND, f"No ticket with id {ticket_id}.")
    before = snapshot(ticket)
    requested = {
        "title": None if title is None else _normalise_text(title),
        "description": None if description is None else _normalise_text(description),
        "category": category,
        "priority": priority,
        "status": status,
    }
    policy.check_changes(actor, ticket, requested)
    changed = [
        name
        for name, value in requested.items()
        if value is not None and value != getattr(ticket, name)
    ]
    if (category is not None or priority is not None) and not ticket.labels_by_person:
        # Setting a label, even to the value it has, is a person confirming the labels.
        ticket.labels_by_person = True
        changed.append("labels_by_person")
    if not changed:
        return ticket
    for name in changed:
        if name in requested:
            setattr(ticket, name, requested[name])
    _save_validated(ticket, update_fields=[*changed, "updated_at"])
    day_counts.record_changed(before, ticket)
    publish_after_commit(
        TicketEvent(
            kind=EventKind.UPDATED,
            ticket=snapshot(ticket),
            previous={name: getattr(before, name) for name in changed},
            changed_fields=tuple(changed),
        )
    )
    return ticket
