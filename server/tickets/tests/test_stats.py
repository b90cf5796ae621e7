from datetime import UTC, date, datetime, timedelta

import pytest

from core.actors import SYSTEM
from tickets import day_counts
from tickets.filters import TicketFilter
from tickets.models import DayCountsState
from tickets.selectors.stats import ticket_stats
from tickets.tests.factories import TicketFactory

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture(params=["day_counts", "tickets"], autouse=True)
def source(request, db):
    """Every stats test runs against both sources, which must agree: the per-day counts,
    and (with the counts marked stale) aggregation over the tickets."""
    if request.param == "tickets":
        DayCountsState.objects.all().delete()
    yield request.param
    assert day_counts.is_current() == (request.param == "day_counts")


def use_zone(settings, source: str, zone: str) -> None:
    """Switch TIME_ZONE the way a deployment does: the next `migrate` rebuilds the counts."""
    settings.TIME_ZONE = zone
    if source == "day_counts":
        day_counts.rebuild()


@pytest.mark.django_db
def test_an_empty_desk_has_zeroes_everywhere():
    stats = ticket_stats(actor=SYSTEM, now=NOW)
    assert stats.total_tickets == 0
    assert stats.open_tickets == 0
    assert stats.avg_tickets_per_day == 0.0
    assert stats.by_priority == [("low", 0), ("medium", 0), ("high", 0), ("critical", 0)]
    assert stats.by_category == [("billing", 0), ("technical", 0), ("account", 0), ("general", 0)]
    assert stats.by_status == [("open", 0), ("in_progress", 0), ("resolved", 0), ("closed", 0)]
    assert len(stats.per_day) == 30
    assert stats.per_day[0] == (date(2026, 2, 9), 0)
    assert stats.per_day[-1] == (date(2026, 3, 10), 0)
    assert all(n == 0 for _, n in stats.per_day)


@pytest.mark.django_db
def test_breakdowns_are_zero_filled_in_enum_order():
    TicketFactory(priority="critical", category="account", status="closed", created_at=NOW)
    TicketFactory(priority="critical", category="billing", status="open", created_at=NOW)
    TicketFactory(priority="low", category="billing", status="in_progress", created_at=NOW)
    stats = ticket_stats(actor=SYSTEM, now=NOW)
    assert stats.total_tickets == 3
    assert stats.open_tickets == 1
    assert stats.by_priority == [("low", 1), ("medium", 0), ("high", 0), ("critical", 2)]
    assert stats.by_category == [("billing", 2), ("technical", 0), ("account", 1), ("general", 0)]
    assert stats.by_status == [("open", 1), ("in_progress", 1), ("resolved", 0), ("closed", 1)]


@pytest.mark.django_db
def test_average_counts_the_empty_days_between_first_ticket_and_today():
    TicketFactory.create_batch(2, created_at=at(2026, 3, 1, 9))
    TicketFactory(created_at=at(2026, 3, 10, 8))
    # 1 March .. 10 March inclusive is 10 days, 7 of them without a ticket.
    assert ticket_stats(actor=SYSTEM, now=NOW).avg_tickets_per_day == pytest.approx(3 / 10)


@pytest.mark.django_db
def test_average_of_tickets_only_today_is_the_count():
    TicketFactory.create_batch(4, created_at=at(2026, 3, 10, 1))
    assert ticket_stats(actor=SYSTEM, now=NOW).avg_tickets_per_day == 4.0


@pytest.mark.django_db
def test_days_are_counted_in_the_desk_time_zone(settings, source):
    use_zone(settings, source, "America/New_York")
    # 03:00 UTC on 2 March is 22:00 on 1 March in New York.
    TicketFactory(created_at=at(2026, 3, 2, 3))
    now = at(2026, 3, 2, 12)  # 07:00 on 2 March in New York
    stats = ticket_stats(actor=SYSTEM, now=now)
    assert stats.avg_tickets_per_day == pytest.approx(1 / 2)
    assert dict(stats.per_day)[date(2026, 3, 1)] == 1
    assert dict(stats.per_day)[date(2026, 3, 2)] == 0

    use_zone(settings, source, "UTC")
    stats = ticket_stats(actor=SYSTEM, now=now)
    assert stats.avg_tickets_per_day == 1.0
    assert dict(stats.per_day)[date(2026, 3, 2)] == 1


@pytest.mark.django_db
def test_per_day_covers_the_last_30_days_zero_filled():
    TicketFactory(created_at=at(2026, 3, 10, 1))
    TicketFactory.create_batch(2, created_at=at(2026, 2, 9, 23))
    TicketFactory(created_at=at(2026, 2, 8, 12))  # 31 days ago: outside the series
    per_day = ticket_stats(actor=SYSTEM, now=NOW).per_day
    assert [d for d, _ in per_day] == [date(2026, 2, 9) + timedelta(days=i) for i in range(30)]
    assert per_day[0] == (date(2026, 2, 9), 2)
    assert per_day[-1] == (date(2026, 3, 10), 1)
    assert sum(n for _, n in per_day) == 3


@pytest.mark.django_db
def test_per_day_follows_the_filter_date_range():
    TicketFactory(created_at=at(2026, 1, 5, 10))
    filters = TicketFilter(created_after=at(2026, 1, 1), created_before=at(2026, 1, 8))
    per_day = ticket_stats(actor=SYSTEM, filters=filters, now=NOW).per_day
    assert [d for d, _ in per_day] == [date(2026, 1, d) for d in range(1, 8)]
    assert dict(per_day)[date(2026, 1, 5)] == 1


@pytest.mark.django_db
def test_stats_respect_the_filter():
    TicketFactory(category="billing", priority="high", created_at=NOW)
    TicketFactory(category="billing", priority="low", created_at=NOW)
    TicketFactory(category="technical", priority="high", created_at=NOW)
    stats = ticket_stats(actor=SYSTEM, filters=TicketFilter(category=["billing"]), now=NOW)
    assert stats.total_tickets == 2
    assert stats.by_priority == [("low", 1), ("medium", 0), ("high", 1), ("critical", 0)]
    assert stats.by_category == [("billing", 2), ("technical", 0), ("account", 0), ("general", 0)]


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 60])
def test_stats_take_a_fixed_number_of_queries(count, django_assert_num_queries):
    for i in range(count):
        TicketFactory(created_at=NOW - timedelta(hours=7 * i))
    # Are the counts current? Then one aggregate and one GROUP BY day.
    with django_assert_num_queries(3):
        stats = ticket_stats(actor=SYSTEM, now=NOW)
    assert stats.total_tickets == count


@pytest.mark.django_db
def test_a_search_or_a_bound_inside_a_day_aggregates_the_tickets(django_assert_num_queries):
    TicketFactory(title="Refund please", created_at=at(2026, 3, 5, 10))
    TicketFactory(title="Other", created_at=at(2026, 3, 5, 15))
    with django_assert_num_queries(2):
        assert (
            ticket_stats(actor=SYSTEM, filters=TicketFilter(search="refund"), now=NOW).total_tickets
            == 1
        )
    inside_a_day = TicketFilter(created_after=at(2026, 3, 5, 12))
    assert ticket_stats(actor=SYSTEM, filters=inside_a_day, now=NOW).total_tickets == 1
