"""Turns the domain's stats into the GraphQL shape."""

from api.tickets.enums import TicketCategory, TicketPriority, TicketStatus
from api.tickets.types import (
    CategoryCount,
    DayCount,
    PriorityCount,
    StatusCount,
    SuggestionCategoryCount,
    SuggestionStats,
    TicketStats,
)
from tickets.selectors.stats import TicketStatsData


def stats_payload(data: TicketStatsData) -> TicketStats:
    return TicketStats(
        total_tickets=data.total_tickets,
        open_tickets=data.open_tickets,
        avg_tickets_per_day=data.avg_tickets_per_day,
        by_priority=[
            PriorityCount(priority=TicketPriority(v), count=n) for v, n in data.by_priority
        ],
        by_category=[
            CategoryCount(category=TicketCategory(v), count=n) for v, n in data.by_category
        ],
        by_status=[StatusCount(status=TicketStatus(v), count=n) for v, n in data.by_status],
        per_day=[DayCount(date=day, count=n) for day, n in data.per_day],
        ai_suggestions=SuggestionStats(
            total=data.ai_suggestions.total,
            accepted=data.ai_suggestions.accepted,
            acceptance_rate=data.ai_suggestions.acceptance_rate,
            by_category=[
                SuggestionCategoryCount(
                    category=TicketCategory(value), suggested=suggested, accepted=accepted
                )
                for value, suggested, accepted in data.ai_suggestions.by_category
            ],
        ),
    )
