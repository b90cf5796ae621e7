"""createTicket with an idempotency key: a repeat returns the first ticket (no second ticket,
event or day count), another input under the same key is refused, keys belong to their
caller and expire, and concurrent repeats create exactly one ticket."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.errors import DomainError, ErrorCode
from tickets import idempotency, services
from tickets.models import IdempotencyKey, Ticket, TicketDayCount

INPUT = {
    "title": "Invoice shows the wrong VAT",
    "description": "Our March invoice charged 25% VAT instead of 19%.",
    "category": "billing",
    "priority": "medium",
}


def day_count_total() -> int:
    return TicketDayCount.objects.aggregate(total=Sum("count"))["total"] or 0


def refused(**kwargs) -> tuple[str | None, ErrorCode]:
    with pytest.raises(DomainError) as caught:
        services.create_ticket(**kwargs)
    problem = caught.value.problems[0]
    return problem.field, problem.code


@pytest.mark.django_db
def test_a_repeat_returns_the_first_ticket_and_writes_nothing(
    requester, events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.create_ticket(**INPUT, actor=requester, idempotency_key="k-1")
    with django_capture_on_commit_callbacks(execute=True):
        again = services.create_ticket(**INPUT, actor=requester, idempotency_key="k-1")
    assert again.pk == first.pk
    assert Ticket.objects.count() == 1 and day_count_total() == 1
    assert len(events) == 1
    # Without a key (or with another one) it is a new ticket.
    services.create_ticket(**INPUT, actor=requester)
    services.create_ticket(**INPUT, actor=requester, idempotency_key="k-2")
    assert Ticket.objects.count() == 3 and day_count_total() == 3


@pytest.mark.django_db
def test_the_same_key_with_another_input_is_refused(
    requester, events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.create_ticket(**INPUT, actor=requester, idempotency_key="k-1")
    changed = {**INPUT, "priority": "high"}
    with django_capture_on_commit_callbacks(execute=True):
        field, code = refused(**changed, actor=requester, idempotency_key="k-1")
    assert (field, code) == ("idempotencyKey", ErrorCode.IDEMPOTENCY_KEY_REUSED)
    assert Ticket.objects.count() == 1 and len(events) == 1


@pytest.mark.django_db
def test_keys_belong_to_their_caller(requester, other_requester):
    mine = services.create_ticket(**INPUT, actor=requester, idempotency_key="shared")
    theirs = services.create_ticket(**INPUT, actor=other_requester, idempotency_key="shared")
    assert mine.pk != theirs.pk and theirs.requester == other_requester


@pytest.mark.django_db
def test_anonymous_keys_belong_to_the_client_ip(settings):
    settings.PUBLIC_TICKET_SUBMISSION = True
    anonymous = AnonymousUser()
    one = services.create_ticket(
        **INPUT, actor=anonymous, idempotency_key="k", client_ip="192.0.2.1"
    )
    same = services.create_ticket(
        **INPUT, actor=anonymous, idempotency_key="k", client_ip="192.0.2.1"
    )
    other = services.create_ticket(
        **INPUT, actor=anonymous, idempotency_key="k", client_ip="192.0.2.2"
    )
    assert one.pk == same.pk != other.pk


@pytest.mark.django_db
def test_keys_expire(requester, settings):
    settings.IDEMPOTENCY_KEY_TTL = 3600
    first = services.create_ticket(**INPUT, actor=requester, idempotency_key="k-1")
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(seconds=3601))
    later = services.create_ticket(**{**INPUT, "priority": "low"}, actor=requester,
                                   idempotency_key="k-1")  # fmt: skip
    assert later.pk != first.pk
    # The expired row made way for the new one.
    assert list(IdempotencyKey.objects.values_list("ticket", flat=True)) == [later.pk]


@pytest.fixture
def purge_due(monkeypatch):
    """The process's purge clock, due now (a test must not depend on earlier tests)."""
    monkeypatch.setattr(idempotency, "purge_clock", idempotency._PurgeClock())
    return idempotency.purge_clock


def keys() -> list[str]:
    return sorted(IdempotencyKey.objects.values_list("key", flat=True))


@pytest.mark.django_db
def test_expired_keys_are_purged_by_later_keyed_creates(requester, settings, purge_due):
    settings.IDEMPOTENCY_KEY_TTL = 3600
    for n in range(3):
        services.create_ticket(**INPUT, actor=requester, idempotency_key=f"old-{n}")
    IdempotencyKey.objects.update(created_at=timezone.now() - timedelta(days=2))
    purge_due.next_at = float("-inf")
    services.create_ticket(**INPUT, actor=requester, idempotency_key="new")
    assert keys() == ["new"]


@pytest.mark.django_db
def test_keyed_creates_purge_at_most_every_interval_unless_a_backlog_remains(
    requester, settings, purge_due, monkeypatch
):
    settings.IDEMPOTENCY_KEY_TTL = 3600
    monkeypatch.setattr(idempotency, "PURGE_BATCH", 2)
    services.create_ticket(**INPUT, actor=requester, idempotency_key="first")  # purges: none
    for n in range(5):
        services.create_ticket(**INPUT, actor=requester, idempotency_key=f"old-{n}")
    IdempotencyKey.objects.exclude(key="first").update(
        created_at=timezone.now() - timedelta(days=2)
    )
    services.create_ticket(**INPUT, actor=requester, idempotency_key="a")
    assert len(keys()) == 7, "purged again within PURGE_EVERY_SECONDS"

    purge_due.next_at = float("-inf")  # the interval is over
    services.create_ticket(**INPUT, actor=requester, idempotency_key="b")
    assert len(keys()) == 6  # a full batch (2): a backlog, so the next create purges too
    services.create_ticket(**INPUT, actor=requester, idempotency_key="c")
    services.create_ticket(**INPUT, actor=requester, idempotency_key="d")
    assert keys() == ["a", "b", "c", "d", "first"]
    assert purge_due.due() is False  # the last purge found less than a batch


@pytest.mark.django_db
def test_a_key_costs_its_lookup_and_one_insert_without_a_savepoint(requester, purge_due):
    purge_due.next_at = float("inf")
    services.create_ticket(**INPUT, actor=requester, idempotency_key="warm")
    with CaptureQueriesContext(connection) as unkeyed:
        services.create_ticket(**INPUT, actor=requester)
    with CaptureQueriesContext(connection) as keyed:
        services.create_ticket(**INPUT, actor=requester, idempotency_key="k")
    unkeyed_sql = [q["sql"] for q in unkeyed.captured_queries]
    keyed_sql = [q["sql"] for q in keyed.captured_queries]
    assert len(keyed_sql) == len(unkeyed_sql) + 2, keyed_sql
    assert keyed_sql[0].startswith("SELECT")  # the earlier use, before the transaction
    assert sum("SAVEPOINT" in sql for sql in keyed_sql) == sum(
        "SAVEPOINT" in sql for sql in unkeyed_sql
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("key", "code"),
    [
        ("", ErrorCode.BLANK),
        ('  "" ', ErrorCode.BLANK),
        ("x" * 201, ErrorCode.TOO_LONG),
        ("clé", ErrorCode.INVALID),
        ("a\x00b", ErrorCode.INVALID),
        ("\ud800", ErrorCode.INVALID),
    ],
)
def test_a_bad_key_is_a_field_error(requester, key, code):
    assert refused(**INPUT, actor=requester, idempotency_key=key) == ("idempotencyKey", code)
    assert Ticket.objects.count() == 0


@pytest.mark.django_db
def test_a_quoted_key_is_the_same_key(requester):
    first = services.create_ticket(**INPUT, actor=requester, idempotency_key='"k-1"')
    assert services.create_ticket(**INPUT, actor=requester, idempotency_key="k-1").pk == first.pk


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason=(
        "the in-memory SQLite test database is shared-cache, whose table locks fail at once "
        "instead of waiting; api/tests/test_idempotency_api.py races real requests on an "
        "SQLite file"
    ),
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_repeats_create_exactly_one_ticket(requester, monkeypatch, events):
    """Every thread looks the key up (finding nothing) before any of them inserts, so they
    all race to the unique constraint: one wins, the others answer with its ticket."""
    threads = 4
    looked_up = threading.Barrier(threads, timeout=30)
    lookup = idempotency.earlier_ticket
    waited = threading.local()

    def lookup_then_wait(claim):
        found = lookup(claim)
        if not getattr(waited, "done", False):
            waited.done = True
            looked_up.wait()
        return found

    monkeypatch.setattr(idempotency, "earlier_ticket", lookup_then_wait)
    results: list[int] = []
    failures: list[BaseException] = []

    def create() -> None:
        try:
            ticket = services.create_ticket(**INPUT, actor=requester, idempotency_key="race")
            results.append(ticket.pk)
        except BaseException as exc:  # noqa: BLE001 - reported below
            failures.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=create) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert failures == []
    assert len(results) == threads and len(set(results)) == 1
    assert Ticket.objects.count() == 1 and day_count_total() == 1
    assert len(events) == 1
