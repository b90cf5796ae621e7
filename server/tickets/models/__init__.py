"""The domain's tables: tickets, their per-day counts, and trained classifiers."""

from tickets.models.classifier import TrainedClassifier
from tickets.models.day_counts import DayCountsState, TicketDayCount
from tickets.models.ticket import (
    DESCRIPTION_MAX_LENGTH,
    SUGGESTION_FIELDS,
    TITLE_MAX_LENGTH,
    Category,
    Priority,
    Status,
    SuggestionSource,
    Ticket,
)

__all__ = [
    "DESCRIPTION_MAX_LENGTH",
    "SUGGESTION_FIELDS",
    "TITLE_MAX_LENGTH",
    "Category",
    "DayCountsState",
    "Priority",
    "Status",
    "SuggestionSource",
    "Ticket",
    "TicketDayCount",
    "TrainedClassifier",
]
