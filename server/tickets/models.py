"""The ticket: what a requester asked, how it is classified and where it stands.

Every rule a field has in Python is also a database constraint, so a raw INSERT of a bad
value fails on PostgreSQL and SQLite alike.
"""

from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length, Replace
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone

from tickets.validators import validate_not_blank

TITLE_MAX_LENGTH = 200
DESCRIPTION_MAX_LENGTH = 20_000


class Category(models.TextChoices):
    BILLING = "billing", "Billing"
    TECHNICAL = "technical", "Technical"
    ACCOUNT = "account", "Account"
    GENERAL = "general", "General"


class Priority(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


def _without_whitespace(field: str):
    """SQL for the field with spaces, tabs, newlines and carriage returns removed.

    Portable (plain REPLACE on both databases), so "not blank" holds for any client
    that writes to the table, not only for Django.
    """
    expression = models.F(field)
    for char in (" ", "\t", "\n", "\r"):
        expression = Replace(expression, models.Value(char), models.Value(""))
    return expression


def _choice_constraint(field: str, choices: type[models.TextChoices]) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__in": choices.values}),
        name=f"ticket_{field}_valid",
        violation_error_code="invalid_choice",
    )


class Ticket(models.Model):
    title = models.CharField(max_length=TITLE_MAX_LENGTH, validators=[validate_not_blank])
    description = models.TextField(
        validators=[validate_not_blank, MaxLengthValidator(DESCRIPTION_MAX_LENGTH)]
    )
    category = models.CharField(max_length=16, choices=Category.choices)
    priority = models.CharField(max_length=16, choices=Priority.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    # A default rather than auto_now_add, so imports and demo data can keep their dates.
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=GreaterThan(Length(_without_whitespace("title")), 0),
                name="ticket_title_not_blank",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("title"), TITLE_MAX_LENGTH),
                name="ticket_title_max_length",
            ),
            models.CheckConstraint(
                condition=GreaterThan(Length(_without_whitespace("description")), 0),
                name="ticket_description_not_blank",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("description"), DESCRIPTION_MAX_LENGTH),
                name="ticket_description_max_length",
            ),
            _choice_constraint("category", Category),
            _choice_constraint("priority", Priority),
            _choice_constraint("status", Status),
        ]
        indexes = [
            # The default order and keyset pagination, createdAfter/createdBefore.
            models.Index(fields=["-created_at", "-id"], name="ticket_created_idx"),
            # Each enum filter, kept in list order so a filtered page is an index range.
            models.Index(fields=["status", "-created_at", "-id"], name="ticket_status_created_idx"),
            models.Index(
                fields=["category", "-created_at", "-id"], name="ticket_category_created_idx"
            ),
            models.Index(
                fields=["priority", "-created_at", "-id"], name="ticket_priority_created_idx"
            ),
            # `search` is served by trigram indexes that exist on PostgreSQL only:
            # see tickets/search_indexes.py.
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"


class TicketDayCount(models.Model):
    """How many tickets were created on a day (in the desk's TIME_ZONE) with each
    category, priority and status.

    Kept current by the services inside the same transaction as the ticket write, so
    statistics and totals read a few thousand rows instead of every ticket.  See
    tickets/day_counts.py.
    """

    day = models.DateField()
    category = models.CharField(max_length=16, choices=Category.choices)
    priority = models.CharField(max_length=16, choices=Priority.choices)
    status = models.CharField(max_length=16, choices=Status.choices)
    count = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "category", "priority", "status"], name="day_count_key"
            ),
            models.CheckConstraint(condition=models.Q(count__gte=0), name="day_count_not_negative"),
            models.CheckConstraint(
                condition=models.Q(category__in=Category.values), name="day_count_category_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(priority__in=Priority.values), name="day_count_priority_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="day_count_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.category}/{self.priority}/{self.status}: {self.count}"


class DayCountsState(models.Model):
    """One row, present while TicketDayCount is complete for the time zone it names.

    Absent (never built, or found inconsistent) or naming another zone than TIME_ZONE:
    readers fall back to counting tickets, until `manage.py rebuild_day_counts`.
    """

    zone = models.CharField(max_length=64)
    built_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"per-day counts for {self.zone}, built {self.built_at:%Y-%m-%d %H:%M}"
