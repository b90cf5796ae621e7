from __future__ import annotations

from datetime import date, datetime

import strawberry
import strawberry_django
from strawberry import relay
from strawberry_django.fields.field import StrawberryDjangoField

from api.access import actor_of
from api.errors import request_error
from api.tickets.classification import Suggestion
from api.tickets.enums import TicketCategory, TicketPriority, TicketStatus
from tickets import models, policy
from tickets.classification.types import Suggestion as DomainSuggestion
from tickets.filters import TicketFilter
from tickets.models import SUGGESTION_FIELDS
from tickets.selectors.match_count import EXACT_UP_TO_MAX, match_count
from tickets.selectors.tickets import count_tickets

# What `matchCount` counts exactly unless asked otherwise (docs/benchmarks.md: the cost of
# an exact bound on a common word grows with it).
DEFAULT_EXACT_UP_TO = 1_000


@strawberry.type(
    name="TicketAbilities",
    description="What the viewer may change on a ticket: the server's rules, for clients.",
)
class TicketAbilitiesType:
    edit_text: bool = strawberry.field(description="Change the title and description.")
    set_labels: bool = strawberry.field(description="Change the category and priority.")
    set_status: list[TicketStatus] = strawberry.field(
        description="The statuses the viewer may move the ticket to (may include its own)."
    )

    @classmethod
    def of(cls, abilities: policy.TicketAbilities) -> TicketAbilitiesType:
        return cls(
            edit_text=abilities.edit_text,
            set_labels=abilities.set_labels,
            set_status=[TicketStatus(status) for status in abilities.statuses],
        )


class _ColumnField(StrawberryDjangoField):
    """A Ticket field: a plain column (no resolver, arguments, extensions or relation) is
    read straight off the instance, on strawberry's path for basic fields.

    strawberry-django treats every field as needing its resolver (finding out whether a
    value is loaded, for async execution), which cost ~15 µs per field: 125 of a list
    page's 205 fields, about 2 ms of a request (docs/benchmarks.md).  Tickets are always
    loaded whole (or built whole from an event's snapshot), so a column is an attribute.
    """

    @property
    def is_basic_field(self) -> bool:
        return self.base_resolver is None and not self.extensions and not self.is_relation

    def get_result(self, source, info, args, kwargs):
        if info is None:  # the basic path (is_basic_field)
            return getattr(source, self.django_name or self.python_name)
        return super().get_result(source, info, args, kwargs)


@strawberry_django.type(models.Ticket, name="Ticket", field_cls=_ColumnField)
class TicketType(relay.Node):
    # Declared so relay finds the id attribute once; left implicit it re-inspects the
    # class annotations for every ticket it serialises (~0.5 ms each).
    id: relay.NodeID[int]
    title: str
    description: str
    category: TicketCategory
    priority: TicketPriority
    status: TicketStatus
    created_at: datetime
    updated_at: datetime
    labels_by_person: bool = strawberry_django.field(
        description="A person chose the category and priority (not only the classifier)."
    )

    @strawberry_django.field(
        description="What the classifier suggested when the ticket was submitted.",
        only=[*SUGGESTION_FIELDS, "suggestion_fallback_reason"],
    )
    def suggestion(self) -> Suggestion | None:
        ticket: models.Ticket = self  # strawberry-django resolves on the model instance
        if ticket.suggested_category is None:
            return None
        return Suggestion.of(
            DomainSuggestion(
                category=ticket.suggested_category,
                priority=ticket.suggested_priority,
                category_confidence=ticket.suggested_category_confidence,
                priority_confidence=ticket.suggested_priority_confidence,
                source=ticket.suggestion_source,
                model=ticket.suggestion_model,
                fallback_reason=ticket.suggestion_fallback_reason or None,
            )
        )

    # A plain strawberry field, not strawberry_django's: it reads the requester_id every
    # ticket is loaded with, queries nothing, and so stays synchronous in a subscription,
    # where a shared event is rendered once per kind of viewer (api.subscriptions.rendering).
    @strawberry.field(name="viewerCan", description="What the viewer may change on this ticket.")
    def viewer_can(self, info: strawberry.Info) -> TicketAbilitiesType:
        ticket: models.Ticket = self  # a model instance, or unsaved from an event's snapshot
        return TicketAbilitiesType.of(policy.ticket_abilities(actor_of(info), ticket))


@strawberry.type
class TicketEdge:
    node: TicketType
    cursor: str


@strawberry.type(description="A page of tickets, newest first.")
class TicketConnection:
    edges: list[TicketEdge]
    page_info: relay.PageInfo
    filters: strawberry.Private[TicketFilter]
    actor: strawberry.Private[object]

    @strawberry.field(
        description=(
            "How many tickets match the filter, over all pages. With `atMost`, counting "
            "stops there: the answer is min(matches, atMost), and equal to `atMost` means "
            "'atMost or more'. A common word's count visits every match up to `atMost` "
            "(~300 ms for 10,000 of 1,000,000 tickets): lists show `matchCount`."
        )
    )
    def total_count(self, at_most: int | None = None) -> int:
        if at_most is not None and at_most < 1:
            raise request_error("INVALID_ARGUMENT", f"`atMost` must be at least 1, got {at_most}.")
        return count_tickets(self.filters, actor=self.actor, at_most=at_most)

    @strawberry.field(
        name="matchCount",
        description=(
            "How many tickets match the filter, over all pages, at a cost that does not "
            "grow with the matches. Exact for an agent's list without a text search, and "
            "when at most `exactUpTo` match (counted once the database estimates fewer "
            "than twice that); else the database's estimate, marked `exact: false`. What "
            "a list shows; `totalCount` is always exact and visits every match."
        ),
    )
    def match_count(self, exact_up_to: int = DEFAULT_EXACT_UP_TO) -> MatchCountType:
        if not 1 <= exact_up_to <= EXACT_UP_TO_MAX:
            raise request_error(
                "INVALID_ARGUMENT",
                f"`exactUpTo` must be between 1 and {EXACT_UP_TO_MAX:,}, got {exact_up_to}.",
            )
        if not (self.page_info.has_next_page or self.page_info.has_previous_page):
            # The page holds every match: its length is the count, with no query (and
            # never an estimate beside a list that visibly has fewer rows).
            return MatchCountType(value=len(self.edges), exact=True)
        counted = match_count(self.filters, actor=self.actor, exact_up_to=exact_up_to)
        return MatchCountType(value=counted.value, exact=counted.exact)


@strawberry.type(name="MatchCount", description="A count of tickets, exact or estimated.")
class MatchCountType:
    value: int = strawberry.field(
        description="The count; when not exact, an estimate above `exactUpTo`."
    )
    exact: bool = strawberry.field(
        description="True: exactly `value` tickets match. False: `value` is an estimate "
        "(the database planner's, often within a factor of 2), given when more than "
        "`exactUpTo` match or the estimate is well above it."
    )


@strawberry.type
class PriorityCount:
    priority: TicketPriority
    count: int


@strawberry.type
class CategoryCount:
    category: TicketCategory
    count: int


@strawberry.type
class StatusCount:
    status: TicketStatus
    count: int


@strawberry.type
class DayCount:
    date: date
    count: int


@strawberry.type
class SuggestionCategoryCount:
    category: TicketCategory = strawberry.field(description="The suggested category.")
    suggested: int
    accepted: int


@strawberry.type(
    description=(
        "How often the classifier's suggestion was kept. A suggestion counts as accepted "
        "while the ticket's category and priority still equal it."
    )
)
class SuggestionStats:
    total: int
    accepted: int
    acceptance_rate: float = strawberry.field(description="accepted / total; 0 when none.")
    by_category: list[SuggestionCategoryCount]


@strawberry.type
class TicketStats:
    total_tickets: int
    open_tickets: int
    avg_tickets_per_day: float = strawberry.field(
        description=(
            "Tickets in scope divided by the calendar days from the first ticket's day to "
            "today inclusive, in the desk's time zone; 0 when there are none."
        )
    )
    by_priority: list[PriorityCount]
    by_category: list[CategoryCount]
    by_status: list[StatusCount]
    per_day: list[DayCount] = strawberry.field(
        description="Tickets per day for the last 30 days, or the filter's date range."
    )
    ai_suggestions: SuggestionStats
