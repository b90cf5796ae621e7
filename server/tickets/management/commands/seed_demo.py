"""`manage.py seed_demo --count N`: fill the database with realistic demo tickets.

The rows come from tickets.demo_data.  They bypass the services, so the per-day counts
(tickets.day_counts) are rebuilt from the tickets afterwards.  The tickets go to the demo
requesters in turn when those accounts exist (`seed_demo_users`, run first by `make demo`),
written with the rows: no UPDATE after.

PostgreSQL, in two steps (tickets.bulk_load says how each uses both cores):
  1. One transaction: TRUNCATE with --replace; for large loads drop the table's secondary
     indexes and its foreign keys (one sort per index and one join per key beat millions of
     index inserts and key lookups); COPY the rows, generated in a child process; add the
     foreign keys back (checked); rebuild the per-day counts; commit.  A failure here
     leaves the tables as they were.
  2. After the commit, every declared index the table lacks is built, two at a time on
     their own connections, then the table is ANALYZEd.  Until then the desk answers
     correctly but slowly.  If a build fails (or the command is stopped) the tickets stay
     and the command says so; `seed_demo --count 0` builds the missing indexes.  That is
     safe because the command refuses to run with unapplied migrations, so a declared index
     that is missing is one that a load dropped, never one a migration has yet to create.

Step 1 holds an ACCESS EXCLUSIVE lock on the tickets (and, while the foreign keys are off,
on the users) until its commit: readers wait.  It is a demo and bulk-import tool.
"""

from __future__ import annotations

import time
from itertools import islice
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tickets import bulk_load, day_counts, demo_data
from tickets.models import Ticket
from tickets.search_indexes import trigram_indexes

# From this many new rows on, rebuilding the indexes is cheaper than maintaining them,
# and generating the rows in a child process pays for its start.
REBUILD_INDEXES_FROM = 100_000
PRODUCER_FROM = 100_000
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
        requester_ids = _demo_requester_ids()
        now, zone = timezone.now(), ZoneInfo(settings.TIME_ZONE)

        def make_rows():
            rows = demo_data.generate_rows(count, now=now, zone=zone, days=days, seed=seed)
            return demo_data.with_requesters(rows, requester_ids)

        if connection.vendor != "postgresql":
            with transaction.atomic():
                _load_with_orm(make_rows(), replace=replace)
                day_counts.rebuild()
            self.stdout.write(f"Seeded {count} tickets in {time.perf_counter() - started:.1f} s.")
            return
        _refuse_unapplied_migrations()
        steps = _Steps(self.stdout, verbose=options["verbosity"] >= 2)
        with transaction.atomic():
            _load_postgresql(
                make_rows,
                count=count,
                replace=replace,
                rebuild_indexes=rebuild_indexes or count >= REBUILD_INDEXES_FROM,
                steps=steps,
            )
            day_counts.rebuild()
            steps.done("per-day counts")
        loaded = time.perf_counter() - started
        failures = _build_missing_indexes(steps)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {_table()}")
        steps.done("ANALYZE")
        missing = _missing_indexes()
        if missing:
            reasons = "; ".join(f"{name}: {failures.get(name, 'not built')}" for name in missing)
            raise CommandError(
                f"Seeded {count} tickets (committed), but these indexes are missing: {reasons}. "
                "The desk works, slowly; `manage.py seed_demo --count 0` builds them."
            )
        self.stdout.write(
            f"Seeded {count} tickets in {time.perf_counter() - started:.1f} s "
            f"(rows committed after {loaded:.1f} s, then the indexes)."
        )


class _Steps:
    """Wall-clock time of each step, printed with --verbosity 2."""

    def __init__(self, stdout, *, verbose: bool):
        self.stdout, self.verbose, self.last = stdout, verbose, time.perf_counter()

    def done(self, what: str) -> None:
        now = time.perf_counter()
        if self.verbose:
            self.stdout.write(f"  {what}: {now - self.last:.1f} s")
        self.last = now


def _table() -> str:
    return connection.ops.quote_name(Ticket._meta.db_table)


def _refuse_unapplied_migrations() -> None:
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise CommandError("Unapplied migrations: run `manage.py migrate` first.")


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


def _declared_indexes():
    """The table's secondary indexes: the model's and the search indexes (PostgreSQL)."""
    return [*Ticket._meta.indexes, *trigram_indexes()]


def _present_index_names() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, Ticket._meta.db_table))


def _missing_indexes() -> list[str]:
    present = _present_index_names()
    return [index.name for index in _declared_indexes() if index.name not in present]


def _load_postgresql(make_rows, *, count, replace, rebuild_indexes, steps) -> None:
    table = _table()
    with connection.cursor() as cursor:
        # Foreign keys still in place (small loads) are checked at the end of the COPY
        # rather than at commit.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        if replace:
            cursor.execute(f"TRUNCATE {table} RESTART IDENTITY CASCADE")
        foreign_keys = _drop_foreign_keys(cursor) if rebuild_indexes else []
    if rebuild_indexes:
        present = _present_index_names()
        with connection.schema_editor(atomic=False) as editor:
            for index in _declared_indexes():
                if index.name in present:
                    editor.remove_index(Ticket, index)
    steps.done("drop indexes and foreign keys")
    if count >= PRODUCER_FROM:
        blocks = bulk_load.produced_blocks(make_rows)
    else:
        blocks = bulk_load.text_blocks(make_rows())
    # FREEZE (rows stored already frozen and visible to all: no VACUUM pass to come) needs
    # a table truncated in this very transaction, not a savepoint inside an outer one.
    freeze = replace and not connection.savepoint_ids
    bulk_load.copy_rows(table, demo_data.LOAD_FIELDS, blocks, freeze=freeze)
    steps.done(f"generate and COPY{' FREEZE' if freeze else ''}")
    with connection.cursor() as cursor:
        for name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
    steps.done("foreign keys checked")


def _drop_foreign_keys(cursor) -> list[tuple[str, str]]:
    """Drop the table's own foreign keys; returns (quoted name, definition) to add back."""
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = %s::regclass AND contype = 'f' ORDER BY conname",
        [Ticket._meta.db_table],
    )
    keys = [(connection.ops.quote_name(name), definition) for name, definition in cursor]
    for name, _definition in keys:
        cursor.execute(f"ALTER TABLE {_table()} DROP CONSTRAINT {name}")
    return keys


def _build_missing_indexes(steps) -> dict[str, BaseException]:
    missing = set(_missing_indexes())
    indexes = [index for index in _declared_indexes() if index.name in missing]
    failures = bulk_load.build_indexes(Ticket, indexes) if indexes else {}
    steps.done(f"{len(indexes)} indexes built")
    return failures
