"""classifyTicket and the Suggestion type."""

from __future__ import annotations

import strawberry

from accounts import ratelimit
from api.access import actor_of, client_ip_of
from api.errors import FieldError, field_errors
from api.tickets.enums import TicketCategory, TicketPriority
from core.errors import DomainError, ErrorCode
from tickets import policy
from tickets.classification.chain import suggest
from tickets.classification.types import Suggestion as DomainSuggestion
from tickets.classification.types import TicketText
from tickets.models import SuggestionSource as DomainSource

SuggestionSource = strawberry.enum(
    DomainSource, name="SuggestionSource", description="Which model made a suggestion."
)


@strawberry.type(description="A suggested category and priority, with where they came from.")
class Suggestion:
    category: TicketCategory
    priority: TicketPriority
    category_confidence: float = strawberry.field(description="0 to 1.")
    priority_confidence: float = strawberry.field(description="0 to 1.")
    source: SuggestionSource
    model: str
    fallback_reason: str | None = strawberry.field(
        description="Why the LLM was skipped or failed, when the local model answered."
    )

    @classmethod
    def of(cls, suggestion: DomainSuggestion) -> Suggestion:
        return cls(
            category=TicketCategory(suggestion.category),
            priority=TicketPriority(suggestion.priority),
            category_confidence=suggestion.category_confidence,
            priority_confidence=suggestion.priority_confidence,
            source=SuggestionSource(suggestion.source),
            model=suggestion.model,
            fallback_reason=suggestion.fallback_reason,
        )


@strawberry.type
class ClassifyTicketPayload:
    suggestion: Suggestion | None
    errors: list[FieldError]


@strawberry.type
class ClassificationMutations:
    @strawberry.mutation(
        description=(
            "Suggest a category and priority for a ticket being written. Never fails "
            "because a model failed: the local model answers and says why."
        )
    )
    def classify_ticket(
        self, info: strawberry.Info, description: str, title: str | None = None
    ) -> ClassifyTicketPayload:
        actor = actor_of(info)
        try:
            policy.check_classify(actor)
            ratelimit.hit(
                "classify",
                ratelimit.actor_key(actor, client_ip_of(info)),
                ratelimit.classify_rate(),
                what="suggestion requests",
            )
        except DomainError as exc:
            return ClassifyTicketPayload(suggestion=None, errors=field_errors(exc))
        if not description.strip():
            error = DomainError.single(
                "description", ErrorCode.BLANK, "description: This field cannot be blank."
            )
            return ClassifyTicketPayload(suggestion=None, errors=field_errors(error))
        suggestion = suggest(TicketText.of(title=title, description=description))
        return ClassifyTicketPayload(suggestion=Suggestion.of(suggestion), errors=[])
