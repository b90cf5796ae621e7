import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core.actors import SYSTEM
from core.errors import DomainError, ErrorCode
from tickets import policy, services
from tickets.events import EventKind
from tickets.models import Ticket


def make(**overrides):
    fields = {
        "title": "Invoice shows the wrong VAT",
        "description": "Our March invoice charged 25% VAT instead of 19%.",
        "category": "billing",
        "priority": "medium",
    } | overrides
    return services.create_ticket(actor=SYSTEM, **fields)


@pytest.mark.django_db
def test_create_strips_text_and_starts_open():
    ticket = make(title="  Padded title \n", description="\tbody  ")
    ticket.refresh_from_db()
    assert (ticket.title, ticket.description, ticket.status) == ("Padded title", "body", "open")


@pytest.mark.django_db
def test_services_take_keyword_arguments_only():
    with pytest.raises(TypeError):
        services.create_ticket("t", "d", "billing", "low")  # type: ignore[misc]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"title": "   "}, "title", ErrorCode.BLANK),
        ({"title": "x" * 201}, "title", ErrorCode.TOO_LONG),
        ({"description": "\n"}, "description", ErrorCode.BLANK),
        ({"description": "x" * 20_001}, "description", ErrorCode.TOO_LONG),
        ({"category": "sales"}, "category", ErrorCode.INVALID_CHOICE),
        ({"priority": "urgent"}, "priority", ErrorCode.INVALID_CHOICE),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(overrides, field, code, events):
    with pytest.raises(DomainError) as caught:
        make(**overrides)
    assert [(p.field, p.code) for p in caught.value.problems] == [(field, code)]
    assert field in caught.value.problems[0].message
    assert Ticket.objects.count() == 0
    assert events == []


@pytest.mark.django_db
def test_create_reports_every_problem_at_once():
    with pytest.raises(DomainError) as caught:
        make(title="", description="", category="nope")
    assert {p.field for p in caught.value.problems} == {"title", "description", "category"}


@pytest.mark.django_db
def test_update_changes_only_given_fields_and_announces_them(
    django_capture_on_commit_callbacks, events
):
    ticket = make()
    with django_capture_on_commit_callbacks(execute=True):
        updated = services.update_ticket(
            actor=SYSTEM, ticket_id=ticket.pk, status="in_progress", priority="high"
        )
    assert (updated.status, updated.priority, updated.category) == (
        "in_progress",
        "high",
        "billing",
    )
    [event] = events
    assert event.kind == EventKind.UPDATED
    assert set(event.changed_fields) == {"status", "priority"}
    assert event.previous == {"status": "open", "priority": "medium"}
    assert event.ticket.status == "in_progress"


@pytest.mark.django_db
def test_update_that_changes_nothing_announces_nothing(django_capture_on_commit_callbacks, events):
    ticket = make()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_ticket(actor=SYSTEM, ticket_id=ticket.pk, status="open")
    assert events == []


@pytest.mark.django_db
def test_update_of_a_missing_ticket_is_not_found():
    with pytest.raises(DomainError) as caught:
        services.update_ticket(actor=SYSTEM, ticket_id=999_999, status="closed")
    assert caught.value.problems[0].code == ErrorCode.NOT_FOUND


@pytest.mark.django_db
def test_bad_update_writes_nothing():
    ticket = make()
    with pytest.raises(DomainError):
        services.update_ticket(actor=SYSTEM, ticket_id=ticket.pk, status="resolved", title=" ")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.title) == ("open", "Invoice shows the wrong VAT")


@pytest.mark.django_db
def test_events_are_published_after_commit_only(django_capture_on_commit_callbacks, events):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = make()
        assert events == [], "published before the transaction committed"
    assert [e.kind for e in events] == [EventKind.CREATED]
    assert events[0].ticket.id == ticket.pk


@pytest.mark.django_db
def test_a_rolled_back_write_is_never_announced(django_capture_on_commit_callbacks, events):
    class Abort(Exception):
        pass

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Abort), transaction.atomic():
            make()
            raise Abort
    assert events == []
    assert Ticket.objects.count() == 0


@pytest.mark.django_db
def test_a_rule_only_the_database_catches_is_a_clean_refusal(monkeypatch, events):
    monkeypatch.setattr(Ticket, "full_clean", lambda self, **kwargs: None)
    with pytest.raises(DomainError) as caught:
        make(category="sales")
    assert caught.value.problems[0].code == ErrorCode.INVALID
    assert Ticket.objects.count() == 0
    assert events == []


@pytest.mark.django_db(transaction=True)
def test_a_create_writes_the_ticket_and_its_day_count_and_reads_nothing(requester):
    """No SELECT of the requester the request already holds (its foreign key is checked
    by the database), no savepoint, and the day count's upsert also drops a state built
    for another zone (one statement on PostgreSQL)."""
    services.create_ticket(actor=requester, title="warm", description="the classifier up")
    with CaptureQueriesContext(connection) as queries:
        ticket = services.create_ticket(actor=requester, title="Locked out", description="2FA")
    statements = [q["sql"] for q in queries.captured_queries]
    writes = [sql for sql in statements if not sql.startswith(("BEGIN", "COMMIT"))]
    assert len(writes) == (2 if connection.vendor == "postgresql" else 3), statements
    assert not any(sql.startswith(("SELECT", "SAVEPOINT")) for sql in statements), statements
    assert Ticket.objects.get(pk=ticket.pk).requester == requester


@pytest.mark.django_db(transaction=True)
def test_a_requester_deleted_meanwhile_is_a_clean_refusal(requester, events):
    policy.check_create(requester)  # as the request did, when the user still existed
    type(requester).objects.filter(pk=requester.pk).delete()
    with pytest.raises(DomainError) as caught:
        services.create_ticket(actor=requester, title="Locked out", description="2FA")
    assert caught.value.problems[0].code == ErrorCode.INVALID
    assert Ticket.objects.count() == 0
    assert events == []
