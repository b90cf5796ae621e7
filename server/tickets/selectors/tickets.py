from django.db.models import Sum

from tickets.desk_time import desk_zone
from tickets.models import Ticket
from tickets.selectors.day_counts import day_count_rows
from tickets.selectors.filters import TicketFilters, filter_tickets


def get_ticket(pk: int) -> Ticket | None:
    return Ticket.objects.filter(pk=pk).first()


def count_tickets(filters: TicketFilters) -> int:
    """How many tickets match: from the per-day counts when they can answer exactly."""
    rows = day_count_rows(filters, desk_zone())
    if rows is not None:
        return rows.aggregate(n=Sum("count"))["n"] or 0
    return filter_tickets(filters).count()
