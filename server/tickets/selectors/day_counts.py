"""Answering counts from TicketDayCount instead of the tickets, when it can answer exactly."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet

from tickets import day_counts
from tickets.models import TicketDayCount
from tickets.selectors.filters import TicketFilters


def _local_midnight_date(moment: datetime, zone: ZoneInfo):
    local = moment.astimezone(zone)
    return local.date() if local.time() == time.min else None


def day_count_rows(filters: TicketFilters, zone: ZoneInfo) -> QuerySet[TicketDayCount] | None:
    """The rows holding exactly the tickets `filters` selects, or None when they can't:
    a text search, one requester's tickets, a date bound that is not a midnight in the
    desk's zone, or counts that are not current."""
    if (filters.search or "").strip() or filters.requester_id is not None:
        return None
    q = Q()
    for field in ("category", "priority", "status"):
        values = getattr(filters, field)
        if values:
            q &= Q(**{f"{field}__in": list(values)})
    if filters.created_after is not None:
        day = _local_midnight_date(filters.created_after, zone)
        if day is None:
            return None
        q &= Q(day__gte=day)
    if filters.created_before is not None:
        day = _local_midnight_date(filters.created_before, zone)
        if day is None:
            return None
        q &= Q(day__lt=day)
    if not day_counts.is_current():
        return None
    return TicketDayCount.objects.filter(q)
