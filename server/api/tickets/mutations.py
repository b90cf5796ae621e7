from __future__ import annotations

import strawberry

from accounts import ratelimit
from api.access import actor_of, client_ip_of, idempotency_key_of
from api.errors import FieldError, field_errors
from api.tickets.enums import TicketCategory, TicketPriority, TicketStatus
from api.tickets.ids import decode_ticket_id
from api.tickets.types import TicketType
from core.errors import DomainError, ErrorCode, FieldProblem
from tickets import policy, services


@strawberry.input
class CreateTicketInput:
    title: str = strawberry.field(description="1 to 200 characters, not blank.")
    description: str = strawberry.field(description="Up to 20,000 characters, not blank.")
    category: TicketCategory | None = strawberry.field(
        default=None, description="Omitted: the classifier's suggestion."
    )
    priority: TicketPriority | None = strawberry.field(
        default=None, description="Omitted: the classifier's suggestion."
    )
    idempotency_key: str | None = strawberry.field(
        default=None,
        description=(
            "Any unique string (e.g. a UUID) of up to 200 visible ASCII characters: a "
            "repeat with the same key and input returns the first call's ticket instead "
            "of creating another; the same key with another input is "
            "IDEMPOTENCY_KEY_REUSED. Remembered for 24 hours. Over HTTP the "
            "Idempotency-Key header does the same."
        ),
    )


@strawberry.input(description="Only the fields given are changed.")
class UpdateTicketInput:
    title: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    category: TicketCategory | None = strawberry.UNSET
    priority: TicketPriority | None = strawberry.UNSET
    status: TicketStatus | None = strawberry.UNSET

    def changes(self) -> dict[str, str]:
        """The given fields as domain values; an explicit null is refused."""
        changes: dict[str, str] = {}
        nulls: list[FieldProblem] = []
        for name in ("title", "description", "category", "priority", "status"):
            value = getattr(self, name)
            if value is strawberry.UNSET:
                continue
            if value is None:
                nulls.append(FieldProblem(name, ErrorCode.REQUIRED, f"{name}: cannot be null."))
                continue
            changes[name] = getattr(value, "value", value)
        if nulls:
            raise DomainError(nulls)
        return changes


@strawberry.type
class CreateTicketPayload:
    ticket: TicketType | None
    errors: list[FieldError]


@strawberry.type
class UpdateTicketPayload:
    ticket: TicketType | None
    errors: list[FieldError]


@strawberry.type
class TicketMutations:
    @strawberry.mutation(
        description=(
            "Submit a ticket. The classifier's suggestion is stored with it and fills an "
            "omitted category or priority."
        )
    )
    def create_ticket(self, info: strawberry.Info, input: CreateTicketInput) -> CreateTicketPayload:
        actor = actor_of(info)
        try:
            policy.check_create(actor)
            ratelimit.hit(
                "create_ticket",
                ratelimit.actor_key(actor, client_ip_of(info)),
                ratelimit.create_ticket_rate(),
                what="new tickets",
            )
            ticket = services.create_ticket(
                actor=actor,
                title=input.title,
                description=input.description,
                category=input.category.value if input.category else None,
                priority=input.priority.value if input.priority else None,
                idempotency_key=idempotency_key_of(info, input.idempotency_key),
                client_ip=client_ip_of(info),
            )
        except DomainError as exc:
            return CreateTicketPayload(ticket=None, errors=field_errors(exc))
        return CreateTicketPayload(ticket=ticket, errors=[])

    @strawberry.mutation(
        description=(
            "Change a ticket's status, classification or text. Requesters may change the "
            "text of their own tickets and close them."
        )
    )
    def update_ticket(
        self, info: strawberry.Info, id: strawberry.ID, input: UpdateTicketInput
    ) -> UpdateTicketPayload:
        try:
            ticket = services.update_ticket(
                ticket_id=decode_ticket_id(id), actor=actor_of(info), **input.changes()
            )
        except DomainError as exc:
            return UpdateTicketPayload(ticket=None, errors=field_errors(exc))
        return UpdateTicketPayload(ticket=ticket, errors=[])
