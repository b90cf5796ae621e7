"""The per-day counts stay equal to a GROUP BY over the tickets through every write."""

import random
import threading
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from core.actors import SYSTEM
from tickets import day_counts, services
from tickets.filters import TicketFilter
from tickets.models import Category, DayCountsState, Priority, Status, Ticket, TicketDayCount
from tickets.selectors.tickets import count_tickets
from tickets.tests.factories import TicketFactory
from tickets.tests.recount import booked, counted_by_group_by


@pytest.mark.django_db
def test_counts_follow_a_random_sequence_of_writes():
    rng = random.Random(7)
    tickets = []
    for step in range(120):
        if not tickets or rng.random() < 0.4:
            tickets.append(
                services.create_ticket(
                    actor=SYSTEM,
                    title=f"t{step}",
                    description="d",
                    category=rng.choice(Category.values),
                    priority=rng.choice(Priority.values),
                )
            )
        else:
            ticket = rng.choice(tickets)
            field, choices = rng.choice(
                [("category", Category), ("priority", Priority), ("status", Status)]
            )
            services.update_ticket(
                actor=SYSTEM, ticket_id=ticket.pk, **{field: rng.choice(choices.values)}
            )
    assert booked() == counted_by_group_by()
    assert day_counts.is_current()


@pytest.mark.django_db
def test_a_rolled_back_write_leaves_the_counts_alone():
    ticket = services.create_ticket(
        actor=SYSTEM, title="a", description="b", category="billing", priority="low"
    )
    before = booked()
    with pytest.raises(RuntimeError), transaction.atomic():
        services.update_ticket(actor=SYSTEM, ticket_id=ticket.pk, status="closed")
        services.create_ticket(
            actor=SYSTEM, title="c", description="d", category="account", priority="high"
        )
        raise RuntimeError
    assert booked() == before


@pytest.mark.django_db
def test_a_write_around_the_services_is_caught_and_counting_falls_back():
    ticket = Ticket.objects.create(
        title="imported", description="raw", category="billing", priority="low"
    )
    assert count_tickets(TicketFilter(), actor=SYSTEM) == 0  # the counts don't know this ticket
    services.update_ticket(actor=SYSTEM, ticket_id=ticket.pk, status="closed")  # -1 on an empty row
    assert not day_counts.is_current()
    assert count_tickets(TicketFilter(), actor=SYSTEM) == 1
    assert Ticket.objects.get().status == "closed"


@pytest.mark.django_db
def test_rebuild_recomputes_everything():
    TicketFactory.create_batch(3, created_at=datetime(2026, 1, 2, 23, tzinfo=UTC))
    Ticket.objects.create(title="raw", description="raw", category="general", priority="high")
    TicketDayCount.objects.update(count=99)
    written = day_counts.rebuild()
    assert written == 2
    assert booked() == counted_by_group_by()


@pytest.mark.django_db
def test_migrate_rebuilds_counts_that_are_not_current(settings):
    TicketFactory(created_at=datetime(2026, 1, 2, 23, 30, tzinfo=UTC))
    settings.TIME_ZONE = "Asia/Tokyo"
    assert not day_counts.is_current()
    call_command("migrate", verbosity=0)
    assert DayCountsState.objects.get().zone == "Asia/Tokyo"
    assert booked() == {(datetime(2026, 1, 3).date(), "technical", "medium", "open", "", False): 1}


@pytest.mark.django_db
def test_a_write_in_another_zone_marks_the_counts_stale(settings):
    services.create_ticket(
        actor=SYSTEM, title="a", description="b", category="billing", priority="low"
    )
    assert DayCountsState.objects.get().zone == settings.TIME_ZONE
    settings.TIME_ZONE = "Asia/Tokyo"  # the counts were built for UTC days
    services.create_ticket(
        actor=SYSTEM, title="c", description="d", category="billing", priority="low"
    )
    assert not DayCountsState.objects.exists()
    assert count_tickets(TicketFilter(), actor=SYSTEM) == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filters",
    [
        TicketFilter(),
        TicketFilter(category=["billing"], status=["open", "closed"]),
        TicketFilter(created_after=datetime(2026, 1, 2, tzinfo=UTC)),
        TicketFilter(created_before=datetime(2026, 1, 3, tzinfo=UTC)),
        TicketFilter(created_after=datetime(2026, 1, 2, 12, tzinfo=UTC)),
        TicketFilter(search="number"),
    ],
)
def test_count_tickets_agrees_with_counting_rows(filters):
    for day, category in [(1, "billing"), (2, "billing"), (2, "account"), (3, "general")]:
        TicketFactory(created_at=datetime(2026, 1, day, 18, tzinfo=UTC), category=category)
    expected = Ticket.objects.filter(filters.q()).count()
    assert count_tickets(filters, actor=SYSTEM) == expected
    DayCountsState.objects.all().delete()
    assert count_tickets(filters, actor=SYSTEM) == expected


@pytest.mark.django_db
def test_rebuild_command(capsys):
    Ticket.objects.create(title="raw", description="raw", category="general", priority="high")
    call_command("rebuild_day_counts")
    assert "1 rows" in capsys.readouterr().out
    assert booked() == counted_by_group_by()


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database's table locks fail at once instead of waiting",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_writes_to_the_same_counts_lose_nothing():
    """Threads create tickets with the same key (all on one row, which none has yet) and
    move others back and forth between two keys, all at once."""
    moved = [
        services.create_ticket(
            actor=SYSTEM, title="m", description="d", category="billing", priority="low"
        )
        for _ in range(4)
    ]
    start = threading.Barrier(8, timeout=30)
    failures: list[BaseException] = []

    def create() -> None:
        start.wait()
        for n in range(10):
            services.create_ticket(
                actor=SYSTEM, title=f"c{n}", description="d", category="account", priority="high"
            )

    def move(ticket: Ticket) -> None:
        start.wait()
        for n in range(10):
            services.update_ticket(
                actor=SYSTEM, ticket_id=ticket.pk, priority="high" if n % 2 == 0 else "low"
            )

    def run(work, *args) -> None:
        try:
            work(*args)
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=run, args=(create,)) for _ in range(4)]
    workers += [threading.Thread(target=run, args=(move, ticket)) for ticket in moved]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert failures == []
    assert Ticket.objects.count() == 44
    assert booked() == counted_by_group_by()
    assert day_counts.is_current()
