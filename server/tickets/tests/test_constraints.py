"""Every rule is enforced by the database itself: raw INSERTs of bad values fail."""

import pytest
from django.db import DataError, IntegrityError, connection, transaction

GOOD = {
    "title": "Cannot log in",
    "description": "The login page spins forever.",
    "category": "technical",
    "priority": "high",
    "status": "open",
}


def raw_insert(**overrides):
    row = {**GOOD, **overrides}
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO tickets_ticket "
            "(title, description, category, priority, status, created_at, updated_at) "
            "VALUES (%s, %s, %s, %s, %s, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
            [row["title"], row["description"], row["category"], row["priority"], row["status"]],
        )


@pytest.mark.django_db
def test_a_good_raw_insert_is_accepted():
    raw_insert()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM tickets_ticket")
        assert cursor.fetchone()[0] == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"title": ""},
        {"title": "   "},
        {"title": " \t\r\n "},
        {"title": "x" * 201},
        {"description": ""},
        {"description": "\n\n  \t"},
        {"description": "x" * 20_001},
        {"category": "sales"},
        {"category": "BILLING"},
        {"priority": "urgent"},
        {"status": "pending"},
        {"status": ""},
    ],
    ids=lambda o: f"{next(iter(o))}={next(iter(o.values()))[:12]!r}",
)
def test_a_bad_raw_insert_is_refused(overrides):
    # PostgreSQL refuses an over-long varchar with DataError before the CHECK runs.
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        raw_insert(**overrides)


@pytest.mark.django_db
def test_the_limits_themselves_are_allowed():
    raw_insert(title="x" * 200, description="y" * 20_000)
    raw_insert(title="a", description="b")
