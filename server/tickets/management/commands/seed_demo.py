"""`manage.py seed_demo --count N`: fill the database with realistic demo tickets.

The rows come from tickets.demo_data.  PostgreSQL gets them through COPY; for large loads
the secondary indexes are dropped first and rebuilt afterwards (one sort per index beats
a million index inserts), then the table is ANALYZEd.  The rows bypass the services, so
the per-day counts (tickets.day_counts) are rebuilt from the tickets afterwards.
Everything happens in one transaction, so a failure leaves the tables (and the indexes)
as they were.  The tickets go to the demo requesters in turn when those accounts exist
(`seed_demo_users`, run first by `make demo`), written by the COPY itself: no UPDATE after.
"""

from __future__ import annotations

import time
from itertools import islice
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from tickets import day_counts, demo_data
from tickets.models import Ticket
from tickets.search_indexes import create_trigram_indexes, drop_trigram_indexes, trigram_indexes

# From this many new rows on, rebuilding the indexes is cheaper than maintaining them.
REBUILD_INDEXES_FROM = 100_000
SQLITE_BATCH = 2_000


class Command(BaseCommand):
    help = "Add N realistic demo tickets spread over the last days (COPY on PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, required=True, help="tickets to add")
        parser.add_argument("--days", type=int, default=90, help="spread over this many days")
        parser.add_argument("--seed", type=int, default=0, help="same seed, same tickets")
        parser.add_argument(
            "--replace", action="store_true", help="delete all existing tickets first"
        )
        parser.add_argument(
            "--rebuild-indexes",
            action="store_true",
            help=f"drop and rebuild indexes around the load (automatic from "
            f"{REBUILD_INDEXES_FROM:,} tickets; PostgreSQL only)",
        )

    def handle(self, *args, count, days, seed, replace, rebuild_indexes, **options):
        if count < 0 or days < 1:
            raise CommandError("--count must be >= 0 and --days >= 1.")
        started = time.perf_counter()
        rows = demo_data.with_requesters(
            demo_data.generate_rows(
                count, now=timezone.now(), zone=ZoneInfo(settings.TIME_ZONE), days=days, seed=seed
            ),
            _demo_requester_ids(),
        )
        with transaction.atomic():
            if connection.vendor == "postgresql":
                rebuild = rebuild_indexes or count >= REBUILD_INDEXES_FROM
                _load_postgresql(rows, replace=replace, rebuild_indexes=rebuild)
            else:
                _load_with_orm(rows, replace=replace)
            day_counts.rebuild()
        elapsed = time.perf_counter() - started
        self.stdout.write(f"Seeded {count} tickets in {elapsed:.1f} s.")


def _demo_requester_ids() -> list[int]:
    """The demo requesters' ids (`seed_demo_users`), in name order; none if not created."""
    return list(
        get_user_model()
        .objects.filter(username__in=demo_data.DEMO_REQUESTERS)
        .order_by("username")
        .values_list("pk", flat=True)
    )


def _load_with_orm(rows, *, replace: bool) -> None:
    """Batched bulk_create.  Note: updated_at (auto_now) becomes the load time here."""
    if replace:
        Ticket.objects.all().delete()
    while batch := list(islice(rows, SQLITE_BATCH)):
        Ticket.objects.bulk_create(
            Ticket(**dict(zip(demo_data.LOAD_FIELDS, row, strict=True))) for row in batch
        )


def _load_postgresql(rows, *, replace: bool, rebuild_indexes: bool) -> None:
    table = connection.ops.quote_name(Ticket._meta.db_table)
    with connection.cursor() as cursor:
        # SET LOCAL: only for this transaction; index builds sort in memory.
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        # Foreign keys (the requester) are checked at the end of the COPY rather than at
        # commit: CREATE INDEX refuses a table with deferred checks still pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        if replace:
            cursor.execute(f"TRUNCATE {table} RESTART IDENTITY CASCADE")
    with connection.schema_editor(atomic=False) as editor:
        indexes = _existing_secondary_indexes() if rebuild_indexes else ([], False)
        _drop(editor, *indexes)
        _copy(table, rows)
        _create(editor, *indexes)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {table}")


def _existing_secondary_indexes():
    """The model's indexes and the trigram indexes, as far as the database has them.

    Only indexes that exist are dropped and recreated, so the command never adds an index
    a migration has not created yet.
    """
    with connection.cursor() as cursor:
        present = connection.introspection.get_constraints(cursor, Ticket._meta.db_table)
    model_indexes = [index for index in Ticket._meta.indexes if index.name in present]
    trigram = all(index.name in present for index in trigram_indexes())
    return model_indexes, trigram


def _drop(editor, model_indexes, trigram: bool) -> None:
    for index in model_indexes:
        editor.remove_index(Ticket, index)
    if trigram:
        drop_trigram_indexes(editor, Ticket)


def _create(editor, model_indexes, trigram: bool) -> None:
    for index in model_indexes:
        editor.add_index(Ticket, index)
    if trigram:
        create_trigram_indexes(editor, Ticket)


def _copy(table: str, rows) -> None:
    columns = ", ".join(connection.ops.quote_name(name) for name in demo_data.LOAD_FIELDS)
    # The psycopg 3 connection under Django's wrapper: COPY is not in the DB-API.
    with connection.connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
