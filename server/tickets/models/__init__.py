"""The domain's tables: tickets, their per-day counts, createTicket's idempotency keys, and
trained classifiers."""

from tickets.models.classifier import TrainedClassifier
from tickets.models.day_counts import DayCountsState, TicketDayCount
from tickets.models.idempotency import IdempotencyKey
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
    "IdempotencyKey",
    "Priority",
    "Status",
    "SuggestionSource",
    "Ticket",
    "TicketDayCount",
    "TrainedClassifier",
]
