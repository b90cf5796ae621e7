"""Desk statistics, computed by the database in a fixed number of queries.

At most three queries whatever the ticket count: whether the per-day counts are current,
one aggregate for the totals and every breakdown (conditional counts over the tickets, or
sums per group of the per-day counts), one GROUP BY day for the per-day series.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from tickets import policy, visibility
from tickets.day_counts import suggestion_accepted
from tickets.desk_time import desk_zone, local_date
from tickets.filters import NO_FILTER, TicketFilter, day_count_rows, tickets_matching
from tickets.models import Category, Priority, Status

PER_DAY_DEFAULT_DAYS = 30
PER_DAY_MAX_DAYS = 366


@dataclass(frozen=True)
class SuggestionStatsData:
    total: int
    accepted: int
    by_category: list[tuple[str, int, int]]  # (category suggested, suggested, accepted)

    @property
    def acceptance_rate(self) -> float:
        return self.accepted / self.total if self.total else 0.0


@dataclass(frozen=True)
class TicketStatsData:
    total_tickets: int
    open_tickets: int
    avg_tickets_per_day: float
    by_priority: list[tuple[str, int]]
    by_category: list[tuple[str, int]]
    by_status: list[tuple[str, int]]
    per_day: list[tuple[date, int]]
    ai_suggestions: SuggestionStatsData


def _start_of(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)


def per_day_window(filters: TicketFilter, today: date, zone: ZoneInfo) -> tuple[date, date]:
    """The days the per-day series covers: the filter's date range, else the last 30 days.

    Clipped to at most PER_DAY_MAX_DAYS days, keeping the most recent end.
    """
    if filters.created_before is not None:
        # created_before is exclusive: the last day covered is the day of the instant
        # just before it.
        end = local_date(filters.created_before - timedelta(microseconds=1), zone)
    else:
        end = today
    if filters.created_after is not None:
        start = local_date(filters.created_after, zone)
    else:
        start = end - timedelta(days=PER_DAY_DEFAULT_DAYS - 1)
    if start > end:
        return end, end
    if (end - start).days + 1 > PER_DAY_MAX_DAYS:
        start = end - timedelta(days=PER_DAY_MAX_DAYS - 1)
    return start, end


def _breakdowns(counter) -> dict:
    """One conditional aggregate per enum value: all breakdowns in the same query."""
    aggregates = {}
    for field, choices in (("priority", Priority), ("category", Category), ("status", Status)):
        for value in choices.values:
            aggregates[f"{field}__{value}"] = counter(Q(**{field: value}))
    return aggregates


def _suggestion_aggregates(counter, *, suggested: Q, accepted: Q) -> dict:
    """Suggestion totals and per suggested category, in the same aggregate query."""
    aggregates = {"ai_total": counter(suggested), "ai_accepted": counter(suggested & accepted)}
    for value in Category.values:
        aggregates[f"ai_suggested__{value}"] = counter(Q(suggested_category=value))
        aggregates[f"ai_accepted__{value}"] = counter(Q(suggested_category=value) & accepted)
    return aggregates


def _from_day_counts(rows, start: date, end: date) -> tuple[dict, dict[date, int]]:
    """The database sums the counts per (category, priority, status, suggestion) group:
    a few dozen group totals (at most 640) that are filed into the breakdowns here.
    One GROUP BY builds and runs faster than 30 conditional sums in one aggregate."""
    groups = (
        rows.order_by()
        .values_list(*GROUP_FIELDS)
        .annotate(n=Sum("count"), first_day=Min("day", filter=Q(count__gt=0)))
    )
    totals = dict.fromkeys(_aggregate_names(), 0)
    first_days = []
    for category, priority, status, suggested, accepted, n, first_day in groups:
        if first_day is not None:
            first_days.append(first_day)
        totals["total"] += n
        totals["open"] += n if status == Status.OPEN else 0
        totals[f"priority__{priority}"] += n
        totals[f"category__{category}"] += n
        totals[f"status__{status}"] += n
        if suggested:
            totals["ai_total"] += n
            totals[f"ai_suggested__{suggested}"] += n
            if accepted:
                totals["ai_accepted"] += n
                totals[f"ai_accepted__{suggested}"] += n
    totals["first_day"] = min(first_days, default=None)
    per_day = dict(
        rows.filter(day__range=(start, end))
        .order_by()
        .values_list("day")
        .annotate(n=Sum("count"))
        .values_list("day", "n")
    )
    return totals, per_day


GROUP_FIELDS = ("category", "priority", "status", "suggested_category", "suggestion_accepted")


def _aggregate_names() -> list[str]:
    """The keys both paths fill (see _breakdowns and _suggestion_aggregates)."""
    names = ["total", "open", "ai_total", "ai_accepted"]
    for field, choices in (("priority", Priority), ("category", Category), ("status", Status)):
        names += [f"{field}__{value}" for value in choices.values]
    for value in Category.values:
        names += [f"ai_suggested__{value}", f"ai_accepted__{value}"]
    return names


def _from_tickets(filters: TicketFilter, zone: ZoneInfo, start: date, end: date):
    tickets = tickets_matching(filters)

    def count(condition=None):
        return Count("id", filter=condition)

    totals = tickets.aggregate(
        total=count(),
        open=count(Q(status=Status.OPEN)),
        first_created=Min("created_at"),
        **_breakdowns(count),
        **_suggestion_aggregates(
            count,
            suggested=Q(suggested_category__isnull=False),
            accepted=suggestion_accepted(),
        ),
    )
    first = totals.pop("first_created")
    totals["first_day"] = local_date(first, zone) if first is not None else None
    per_day = dict(
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
    return totals, per_day


def ticket_stats(
    *, filters: TicketFilter = NO_FILTER, now: datetime | None = None, actor
) -> TicketStatsData:
    """Served from the per-day counts when they can answer exactly (no text search,
    day-aligned dates), else by aggregating the tickets; both paths give equal results.

    Only for actors allowed to see the statistics (agents; SYSTEM), over the tickets
    they may see."""
    policy.check_stats(actor)
    filters = visibility.narrow(filters, actor=actor)
    zone = desk_zone()
    now = now or timezone.now()
    today = local_date(now, zone)
    start, end = per_day_window(filters, today, zone)

    rows = day_count_rows(filters, zone)
    if rows is not None:
        totals, day_counts = _from_day_counts(rows, start, end)
    else:
        totals, day_counts = _from_tickets(filters, zone, start, end)

    per_day = [
        (start + timedelta(days=i), day_counts.get(start + timedelta(days=i), 0))
        for i in range((end - start).days + 1)
    ]
    total = totals["total"]
    avg = 0.0
    if total and totals["first_day"] is not None:
        days = (today - totals["first_day"]).days + 1
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
        ai_suggestions=SuggestionStatsData(
            total=totals["ai_total"],
            accepted=totals["ai_accepted"],
            by_category=[
                (value, totals[f"ai_suggested__{value}"], totals[f"ai_accepted__{value}"])
                for value in Category.values
            ],
        ),
    )
