"""Desk statistics, computed by the database in a fixed number of queries.

Two queries whatever the ticket count: one aggregate for the totals and every breakdown
(conditional counts), one GROUP BY day for the per-day series.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, Min, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from tickets.models import Category, Priority, Status
from tickets.selectors.filters import NO_FILTERS, TicketFilters, filter_tickets

PER_DAY_DEFAULT_DAYS = 30
PER_DAY_MAX_DAYS = 366


@dataclass(frozen=True)
class TicketStatsData:
    total_tickets: int
    open_tickets: int
    avg_tickets_per_day: float
    by_priority: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    per_day: list[tuple[date, int]]


def desk_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _local_date(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def _start_of(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def per_day_window(filters: TicketFilters, today: date, zone: ZoneInfo) -> tuple[date, date]:
    """The days the per-day series covers: the filter's date range, else the last 30 days.

    Clipped to at most PER_DAY_MAX_DAYS days, keeping the most recent end.
    """
    if filters.created_before is not None:
        # created_before is exclusive: the last day covered is the day of the instant
        # just before it.
        end = _local_date(filters.created_before - timedelta(microseconds=1), zone)
    else:
        end = today
    if filters.created_after is not None:
        start = _local_date(filters.created_after, zone)
    else:
        start = end - timedelta(days=PER_DAY_DEFAULT_DAYS - 1)
    if start > end:
        return end, end
    if (end - start).days + 1 > PER_DAY_MAX_DAYS:
        start = end - timedelta(days=PER_DAY_MAX_DAYS - 1)
    return start, end


def _breakdown_aggregates() -> dict[str, Count]:
    aggregates = {}
    for field, choices in (("priority", Priority), ("category", Category), ("status", Status)):
        for value in choices.values:
            aggregates[f"{field}__{value}"] = Count("id", filter=Q(**{field: value}))
    return aggregates


def ticket_stats(
    *, filters: TicketFilters = NO_FILTERS, now: datetime | None = None
) -> TicketStatsData:
    zone = desk_zone()
    now = now or timezone.now()
    today = _local_date(now, zone)
    tickets = filter_tickets(filters)

    totals = tickets.aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(status=Status.OPEN)),
        first_created=Min("created_at"),
        **_breakdown_aggregates(),
    )

    start, end = per_day_window(filters, today, zone)
    day_counts = dict(
        tickets.filter(
            created_at__gte=_start_of(start, zone),
            created_at__lt=_start_of(end + timedelta(days=1), zone),
        )
        .annotate(day=TruncDate("created_at", tzinfo=zone))
        .order_by()
        .values_list("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    per_day = [
        (start + timedelta(days=i), day_counts.get(start + timedelta(days=i), 0))
        for i in range((end - start).days + 1)
    ]

    total = totals["total"]
    avg = 0.0
    if total and totals["first_created"] is not None:
        days = (today - _local_date(totals["first_created"], zone)).days + 1
        avg = total / max(days, 1)

    def breakdown(field: str, choices) -> list[tuple[str, int]]:
        return [(value, totals[f"{field}__{value}"]) for value in choices.values]

    return TicketStatsData(
        total_tickets=total,
        open_tickets=totals["open"],
        avg_tickets_per_day=avg,
        by_priority=breakdown("priority", Priority),
        by_category=breakdown("category", Category),
        by_status=breakdown("status", Status),
        per_day=per_day,
    )
