"""Maintenance of the per-day ticket counts (TicketDayCount).

Writes apply +1/-1 deltas (an upsert, a guarded UPDATE), in sorted key order so that two
concurrent updates cannot deadlock on the same pair of rows.  `rebuild` recomputes
everything from the tickets with one GROUP BY, e.g. after a bulk load or a change of
TIME_ZONE.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date

from django.conf import settings
from django.db import connection, transaction
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


def _forgetting_other_zones(sql: str, params: list) -> tuple[str, list]:
    """``sql`` preceded by deleting a DayCountsState built for another zone than TIME_ZONE
    (days are booked in the current zone: counts built for another are stale).  On
    PostgreSQL one statement (a data-modifying WITH), so the check costs no round trip;
    SQLite has no such WITH and runs the DELETE first (in-process, so about free)."""
    state = connection.ops.quote_name(DayCountsState._meta.db_table)
    if connection.vendor == "postgresql":
        return f"WITH other_zones AS (DELETE FROM {state} WHERE zone <> %s) {sql}", [
            settings.TIME_ZONE,
            *params,
        ]
    DayCountsState.objects.exclude(zone=settings.TIME_ZONE).delete()
    return sql, params


def _add(key: Key, n: int) -> tuple[str, list]:
    """Add n > 0 to the row for key, creating it: an upsert, exact under concurrency."""
    table = connection.ops.quote_name(TicketDayCount._meta.db_table)
    columns = ", ".join(KEY_FIELDS)
    return (
        f"INSERT INTO {table} ({columns}, count) "
        f"VALUES ({', '.join(['%s'] * (len(KEY_FIELDS) + 1))}) "
        f"ON CONFLICT ({columns}) "
        f"DO UPDATE SET count = {table}.count + excluded.count",
        [*key, n],
    )


def _subtract(key: Key, n: int) -> tuple[str, list]:
    """Take n > 0 from the row for key, only if it holds at least n (no row changed: the
    counts were wrong).  Guarded rather than left to the CHECK, so a wrong count is no SQL
    error and needs no savepoint around it."""
    table = connection.ops.quote_name(TicketDayCount._meta.db_table)
    match = " AND ".join(f"{name} = %s" for name in KEY_FIELDS)
    return (
        f"UPDATE {table} SET count = count - %s WHERE {match} AND count >= %s",
        [n, *key, n],
    )


def apply_deltas(deltas: Counter[Key]) -> None:
    """Add the deltas inside the caller's transaction: one statement per changed row (a
    create: one upsert, which also drops a state built for another zone).

    A count that would go negative means the table was already wrong (a row written
    around the services): it is marked stale so readers count tickets instead, and the
    ticket write itself still succeeds.  Any other failure here is a bug and fails the
    write with its transaction.
    """
    changes = sorted((key, n) for key, n in deltas.items() if n)
    if not changes:
        return
    consistent = True
    with connection.cursor() as cursor:
        for index, (key, n) in enumerate(changes):
            sql, params = _add(key, n) if n > 0 else _subtract(key, -n)
            if index == 0:
                sql, params = _forgetting_other_zones(sql, params)
            cursor.execute(sql, params)
            if n < 0 and cursor.rowcount != 1:
                consistent = False
    if not consistent:
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
