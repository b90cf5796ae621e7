"""Maintenance of the per-day ticket counts (TicketDayCount).

Writes apply +1/-1 deltas with an upsert, in sorted key order so that two concurrent
updates cannot deadlock on the same pair of rows.  `rebuild` recomputes everything from
the tickets with one GROUP BY, e.g. after a bulk load or a change of TIME_ZONE.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import BooleanField, Count, ExpressionWrapper, F, Q, Value
from django.db.models.functions import Coalesce, TruncDate

from tickets.desk_time import desk_zone, local_date
from tickets.events import TicketSnapshot
from tickets.models import DayCountsState, Ticket, TicketDayCount
from tickets.models.day_counts import KEY_FIELDS

logger = logging.getLogger(__name__)

Key = tuple[date, str, str, str, str, bool]  # in the order of KEY_FIELDS


def key_of(ticket: Ticket | TicketSnapshot) -> Key:
    suggested = ticket.suggested_category or ""
    accepted = bool(suggested) and (
        ticket.category == suggested and ticket.priority == ticket.suggested_priority
    )
    return (
        local_date(ticket.created_at),
        ticket.category,
        ticket.priority,
        ticket.status,
        suggested,
        accepted,
    )


class _Inconsistent(Exception):
    pass


def _add(cursor, key: Key, n: int) -> None:
    """Add n to the row for key: an upsert for n > 0, an UPDATE for n < 0 (an INSERT of a
    negative count would break the CHECK before ON CONFLICT is considered)."""
    table = connection.ops.quote_name(TicketDayCount._meta.db_table)
    columns = ", ".join(KEY_FIELDS)
    if n > 0:
        cursor.execute(
            f"INSERT INTO {table} ({columns}, count) "
            f"VALUES ({', '.join(['%s'] * (len(KEY_FIELDS) + 1))}) "
            f"ON CONFLICT ({columns}) "
            f"DO UPDATE SET count = {table}.count + excluded.count",
            [*key, n],
        )
        return
    match = " AND ".join(f"{name} = %s" for name in KEY_FIELDS)
    cursor.execute(f"UPDATE {table} SET count = count + %s WHERE {match}", [n, *key])
    if cursor.rowcount != 1:
        raise _Inconsistent(key)


def apply_deltas(deltas: Counter[Key]) -> None:
    """Add the deltas inside the caller's transaction.

    A count that would go negative means the table was already wrong (a row written
    around the services): it is marked stale so readers count tickets instead, and the
    ticket write itself still succeeds.
    """
    changes = sorted((key, n) for key, n in deltas.items() if n)
    if not changes:
        return
    # Days are booked in the current TIME_ZONE: counts built for another zone are stale.
    DayCountsState.objects.exclude(zone=settings.TIME_ZONE).delete()
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for key, n in changes:
                _add(cursor, key, n)
    except (IntegrityError, _Inconsistent):
        logger.warning("Per-day ticket counts are inconsistent; run `rebuild_day_counts`.")
        DayCountsState.objects.all().delete()


def record_created(ticket: Ticket) -> None:
    apply_deltas(Counter({key_of(ticket): 1}))


def record_changed(before: TicketSnapshot, after: Ticket) -> None:
    old, new = key_of(before), key_of(after)
    if old != new:
        apply_deltas(Counter({old: -1, new: 1}))


@transaction.atomic
def rebuild() -> int:
    """Recompute every count from the tickets; returns the number of rows written."""
    if connection.vendor == "postgresql":
        # Writers wait while the counts are rebuilt, so none of their deltas is lost.
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {Ticket._meta.db_table} IN SHARE MODE")
    TicketDayCount.objects.all().delete()
    grouped = (
        Ticket.objects.annotate(
            day=TruncDate("created_at", tzinfo=desk_zone()),
            suggested=Coalesce("suggested_category", Value("")),
            accepted=ExpressionWrapper(suggestion_accepted(), output_field=BooleanField()),
        )
        .order_by()
        .values_list("day", "category", "priority", "status", "suggested", "accepted")
        .annotate(n=Count("id"))
    )
    rows = TicketDayCount.objects.bulk_create(
        [
            TicketDayCount(**dict(zip(KEY_FIELDS, g[:-1], strict=True)), count=g[-1])
            for g in grouped
        ],
        batch_size=2000,
    )
    DayCountsState.objects.all().delete()
    DayCountsState.objects.create(zone=settings.TIME_ZONE)
    return len(rows)


def suggestion_accepted() -> Q:
    """A ticket's suggestion is accepted while its category and priority still equal it."""
    return Q(
        suggested_category__isnull=False,
        category=F("suggested_category"),
        priority=F("suggested_priority"),
    )


def is_current() -> bool:
    return DayCountsState.objects.filter(zone=settings.TIME_ZONE).exists()
