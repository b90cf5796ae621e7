from django.db import models
from django.utils import timezone

from tickets.models.ticket import Category, Priority, Status

KEY_FIELDS = [
    "day",
    "category",
    "priority",
    "status",
    "suggested_category",
    "suggestion_accepted",
]


class TicketDayCount(models.Model):
    """How many tickets were created on a day (in the desk's TIME_ZONE) with each
    category, priority and status, and what was suggested for them.

    Kept current by the services inside the same transaction as the ticket write, so
    statistics and totals read a few thousand rows instead of every ticket.  See
    tickets/day_counts.py.
    """

    day = models.DateField()
    category = models.CharField(max_length=16, choices=Category.choices)
    priority = models.CharField(max_length=16, choices=Priority.choices)
    status = models.CharField(max_length=16, choices=Status.choices)
    # "" when the tickets had no suggestion (not NULL: the upsert's conflict key must match).
    suggested_category = models.CharField(max_length=16, blank=True, default="")
    suggestion_accepted = models.BooleanField(default=False)
    count = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=KEY_FIELDS, name="day_count_key"),
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
            models.CheckConstraint(
                condition=models.Q(suggested_category__in=["", *Category.values]),
                name="day_count_suggested_category_valid",
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
