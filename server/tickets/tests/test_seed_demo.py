"""seed_demo: valid, varied, deterministic demo tickets, loaded atomically (COPY on PostgreSQL)."""

import tracemalloc
from collections import Counter
from datetime import UTC, datetime, timedelta
from io import StringIO
from itertools import islice
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from accounts.roles import role_of
from tickets import bulk_load, day_counts, demo_data
from tickets.models import Category, Priority, Status, Ticket, TicketDayCount
from tickets.search_indexes import trigram_indexes
from tickets.tests.factories import TicketFactory

COUNT = 300
# A week with a daylight-saving change in the desk zone used below.
NOW = datetime(2026, 4, 2, 15, 30, tzinfo=UTC)
BERLIN = ZoneInfo("Europe/Berlin")

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY and index rebuilds are PostgreSQL-only"
)
# COPY and the index rebuild run in the command's own transaction.
seeding_db = pytest.mark.django_db(transaction=True)


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def ticket_indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = %s", [Ticket._meta.db_table]
        )
        return {name for (name,) in cursor.fetchall()}


@seeding_db
def test_seeds_the_count_with_valid_varied_tickets_inside_the_window():
    started = timezone.now()
    out = seed("--count", str(COUNT), "--seed", "3")
    finished = timezone.now()

    assert f"Seeded {COUNT} tickets in" in out
    tickets = list(Ticket.objects.all())
    assert len(tickets) == COUNT
    for ticket in tickets[::10]:
        ticket.full_clean()
    for ticket in tickets:
        assert started - timedelta(days=90) <= ticket.created_at <= finished
        assert ticket.created_at <= ticket.updated_at <= finished
        assert 1 <= len(ticket.title) <= 200
        assert 100 <= len(ticket.description) <= 600
    assert {t.category for t in tickets} == set(Category.values)
    assert {t.priority for t in tickets} == set(Priority.values)
    assert {t.status for t in tickets} == set(Status.values)
    assert len({t.title for t in tickets}) > COUNT * 0.7
    assert len({t.description for t in tickets}) == COUNT


@seeding_db
def test_appends_unless_replace_is_given():
    kept = TicketFactory()
    seed("--count", "40")
    assert Ticket.objects.count() == 41
    assert Ticket.objects.filter(pk=kept.pk).exists()

    seed("--count", "25", "--replace")
    assert Ticket.objects.count() == 25
    assert not Ticket.objects.filter(pk=kept.pk).exists()


@seeding_db
def test_per_day_counts_match_the_seeded_tickets():
    TicketFactory()
    seed("--count", str(COUNT))

    assert day_counts.is_current()
    assert sum(TicketDayCount.objects.values_list("count", flat=True)) == COUNT + 1
    open_count = TicketDayCount.objects.filter(status=Status.OPEN).values_list("count", flat=True)
    assert sum(open_count) == Ticket.objects.filter(status=Status.OPEN).count()


@seeding_db
@postgres_only
@pytest.mark.parametrize("rebuild", [False, True], ids=["keep-indexes", "rebuild-indexes"])
def test_indexes_are_still_there_afterwards(rebuild):
    expected = {i.name for i in Ticket._meta.indexes} | {i.name for i in trigram_indexes()}
    assert {"ticket_created_idx", "ticket_title_trgm_idx"} <= expected <= ticket_indexes()

    seed("--count", str(COUNT), *(["--rebuild-indexes"] if rebuild else []))

    assert Ticket.objects.count() == COUNT
    assert expected <= ticket_indexes()


@seeding_db
@pytest.mark.parametrize("rebuild", [False, True], ids=["keep-indexes", "rebuild-indexes"])
def test_a_failure_midway_leaves_nothing_half_done(monkeypatch, rebuild):
    TicketFactory()
    indexes_before = ticket_indexes() if connection.vendor == "postgresql" else set()
    real = demo_data.generate_rows

    def breaks_after_some_rows(count, **kwargs):
        yield from real(count // 2, **kwargs)
        raise RuntimeError("generator broke")

    monkeypatch.setattr(demo_data, "generate_rows", breaks_after_some_rows)
    with pytest.raises(RuntimeError, match="generator broke"):
        seed("--count", "5000", "--replace", *(["--rebuild-indexes"] if rebuild else []))

    assert Ticket.objects.count() == 1
    if connection.vendor == "postgresql":
        assert ticket_indexes() == indexes_before


@seeding_db
@postgres_only
def test_rows_from_the_producer_process_are_loaded_and_its_failure_undoes_everything(
    monkeypatch,
):
    monkeypatch.setattr("tickets.management.commands.seed_demo.PRODUCER_FROM", 1)
    seed("--count", str(COUNT), "--seed", "3")
    assert Ticket.objects.count() == COUNT
    assert len(set(Ticket.objects.values_list("description", flat=True))) == COUNT

    indexes_before = ticket_indexes()
    real = demo_data.generate_rows

    def breaks_after_some_rows(count, **kwargs):
        yield from real(count // 2, **kwargs)
        raise RuntimeError("generator broke")

    monkeypatch.setattr(demo_data, "generate_rows", breaks_after_some_rows)
    with pytest.raises(RuntimeError, match="generator broke"):
        seed("--count", "5000", "--replace", "--rebuild-indexes")
    assert Ticket.objects.count() == COUNT
    assert ticket_indexes() == indexes_before


@seeding_db
@postgres_only
def test_a_failed_index_build_keeps_the_tickets_says_so_and_count_0_builds_it(monkeypatch):
    real_add_index = connection.SchemaEditorClass.add_index

    def fails_for_title(editor, model, index):
        if index.name == "ticket_title_trgm_idx":
            raise RuntimeError("disk full")
        real_add_index(editor, model, index)

    monkeypatch.setattr(connection.SchemaEditorClass, "add_index", fails_for_title)
    with pytest.raises(CommandError, match="ticket_title_trgm_idx: disk full"):
        seed("--count", str(COUNT), "--rebuild-indexes")
    assert Ticket.objects.count() == COUNT  # committed before the index builds
    assert "ticket_title_trgm_idx" not in ticket_indexes()
    assert "ticket_created_idx" in ticket_indexes()  # the other builds went on

    monkeypatch.setattr(connection.SchemaEditorClass, "add_index", real_add_index)
    seed("--count", "0")
    assert "ticket_title_trgm_idx" in ticket_indexes()


@seeding_db
@postgres_only
def test_special_characters_survive_the_copy_text():
    assert (
        bulk_load.copy_text(("a\tb", "x\ty\nz\r\\", None, 7)) == "a\\tb\tx\\ty\\nz\\r\\\\\t\\N\t7\n"
    )
    row = ("Tab\there", "Line one\nline two\r\nback\\slash and more text " * 4)
    bulk_load.copy_rows(
        Ticket._meta.db_table,
        ("title", "description", "category", "priority", "status", "created_at", "updated_at"),
        bulk_load.text_blocks([(*row, "general", "low", "open", NOW, NOW)]),
    )
    assert Ticket.objects.values_list("title", "description").get() == row


def test_rows_are_streamed_with_flat_memory():
    tracemalloc.start()
    try:
        stream = demo_data.generate_rows(10_000_000, now=NOW, zone=BERLIN, days=90, seed=1)
        first = list(islice(stream, 1000))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(first) == 1000
    assert peak < 20 * 2**20  # ten million timestamps held at once would take hundreds of MB


def test_exactly_the_count_is_generated():
    assert len(rows(count=1237)) == 1237
    assert rows(count=0) == []


def rows(count=2000, seed=0):
    return list(demo_data.generate_rows(count, now=NOW, zone=BERLIN, days=90, seed=seed))


def test_rows_are_deterministic_for_a_seed():
    assert rows(seed=5) == rows(seed=5)
    assert rows(seed=5) != rows(seed=6)


def test_rows_look_like_a_real_desk():
    generated = rows(count=20_000)
    created = [row[5] for row in generated]
    assert created == sorted(created), "oldest first, so ids grow with created_at"
    assert NOW - timedelta(days=90) <= created[0] and created[-1] < NOW

    local = [moment.astimezone(BERLIN) for moment in created]
    per_weekday = Counter(moment.weekday() for moment in local)
    assert min(per_weekday[d] for d in range(5)) > 2 * max(per_weekday[5], per_weekday[6])
    per_hour = Counter(moment.hour for moment in local)
    assert per_hour[10] > 5 * per_hour[3]

    def share_done(subset):
        return sum(row[4] in (Status.RESOLVED, Status.CLOSED) for row in subset) / len(subset)

    last_week = [row for row in generated if row[5] > NOW - timedelta(days=7)]
    older = [row for row in generated if row[5] < NOW - timedelta(days=30)]
    assert share_done(older) > 0.85 > share_done(last_week)

    for title, description, category, priority, status, created_at, updated_at in generated:
        assert 1 <= len(title) <= 200 and title.strip() == title
        assert demo_data.DESCRIPTION_MIN <= len(description) <= demo_data.DESCRIPTION_MAX
        assert type(category) is str and category in Category.values
        assert type(priority) is str and priority in Priority.values
        assert type(status) is str and status in Status.values
        assert created_at <= updated_at <= NOW


def seed_users(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo_users", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_users_are_created_once_and_leave_the_tickets_alone(settings):
    settings.DEBUG = True
    existing = TicketFactory(requester=None)
    printed = seed_users()
    assert demo_data.DEMO_PASSWORD in printed and "Created 6." in printed
    for name, role in demo_data.DEMO_USERS:
        assert role_of(authenticate(username=name, password=demo_data.DEMO_PASSWORD)) == role
    existing.refresh_from_db()
    assert existing.requester_id is None  # no UPDATE over the desk's tickets
    assert "Created 0." in seed_users()
    assert get_user_model().objects.filter(username="alice").count() == 1


@pytest.mark.django_db
def test_demo_users_are_skipped_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    assert "skipped" in seed_users()
    assert not get_user_model().objects.filter(username="alice").exists()
    seed_users("--force")
    assert get_user_model().objects.filter(username="alice").exists()


@seeding_db
def test_seeded_tickets_go_to_the_demo_requesters_in_turn(settings):
    assert set(Ticket.objects.values_list("requester_id", flat=True)) == set()
    seed("--count", "10", "--seed", "4")
    assert set(Ticket.objects.values_list("requester_id", flat=True)) == {None}
    settings.DEBUG = True
    seed_users()
    seed("--count", "30", "--seed", "5")
    owners = Counter(
        Ticket.objects.filter(requester__isnull=False).values_list("requester__username", flat=True)
    )
    assert owners == {name: 10 for name in demo_data.DEMO_REQUESTERS}
