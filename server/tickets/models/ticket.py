"""The ticket: what a requester asked, how it is classified and where it stands.

Every rule a field has in Python is also a database constraint, so a raw INSERT of a bad
value fails on PostgreSQL and SQLite alike.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length, Replace
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone

from core.validators import validate_not_blank

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


class SuggestionSource(models.TextChoices):
    LLM = "LLM", "LLM"
    LOCAL = "LOCAL", "Local model"


SUGGESTION_FIELDS = (
    "suggested_category",
    "suggested_priority",
    "suggested_category_confidence",
    "suggested_priority_confidence",
    "suggestion_source",
    "suggestion_model",
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

    # What the classifier suggested when the ticket was created, next to what was finally
    # set above; a suggestion counts as accepted while category and priority equal it.
    # NULL means "no suggestion" (a constraint keeps the suggestion whole or absent).
    suggested_category = models.CharField(  # noqa: DJ001
        max_length=16, choices=Category.choices, null=True, blank=True
    )
    suggested_priority = models.CharField(  # noqa: DJ001
        max_length=16, choices=Priority.choices, null=True, blank=True
    )
    suggested_category_confidence = models.FloatField(null=True, blank=True)
    suggested_priority_confidence = models.FloatField(null=True, blank=True)
    suggestion_source = models.CharField(  # noqa: DJ001
        max_length=8, choices=SuggestionSource.choices, null=True, blank=True
    )
    suggestion_model = models.CharField(max_length=100, blank=True, default="", db_default="")
    suggestion_fallback_reason = models.CharField(
        max_length=300, blank=True, default="", db_default=""
    )
    # True once a person chose the category and priority (the requester on submission, or
    # an agent setting either later); such tickets are training data for the local model.
    labels_by_person = models.BooleanField(default=False, db_default=False)
    # Who asked.  Null for tickets from before accounts, from a public form, or whose
    # requester's account was deleted: only agents see those.
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
        db_index=False,  # served by ticket_requester_created_idx
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        # Beyond Django's add/change/view/delete; roles are in accounts.roles.
        permissions = [
            ("view_all_tickets", "Can see and work every ticket, not only their own"),
            ("edit_own_ticket", "Can edit the text of their own tickets and close them"),
            ("view_ticket_stats", "Can see the desk's statistics"),
            ("classify_ticket", "Can ask the classifier for a suggestion"),
        ]
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
            models.CheckConstraint(
                condition=models.Q(suggested_category__isnull=True)
                | models.Q(suggested_category__in=Category.values),
                name="ticket_suggested_category_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(suggested_priority__isnull=True)
                | models.Q(suggested_priority__in=Priority.values),
                name="ticket_suggested_priority_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(suggestion_source__isnull=True)
                | models.Q(suggestion_source__in=SuggestionSource.values),
                name="ticket_suggestion_source_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    suggested_category_confidence__gte=0, suggested_category_confidence__lte=1
                )
                | models.Q(suggested_category_confidence__isnull=True),
                name="ticket_category_confidence_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    suggested_priority_confidence__gte=0, suggested_priority_confidence__lte=1
                )
                | models.Q(suggested_priority_confidence__isnull=True),
                name="ticket_priority_confidence_range",
            ),
            # A suggestion is recorded whole or not at all.
            models.CheckConstraint(
                condition=models.Q(
                    suggested_category__isnull=True,
                    suggested_priority__isnull=True,
                    suggested_category_confidence__isnull=True,
                    suggested_priority_confidence__isnull=True,
                    suggestion_source__isnull=True,
                )
                | models.Q(
                    suggested_category__isnull=False,
                    suggested_priority__isnull=False,
                    suggested_category_confidence__isnull=False,
                    suggested_priority_confidence__isnull=False,
                    suggestion_source__isnull=False,
                ),
                name="ticket_suggestion_whole",
            ),
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
            # A requester's own tickets, newest first.
            models.Index(
                fields=["requester", "-created_at", "-id"], name="ticket_requester_created_idx"
            ),
            # `search` is served by trigram indexes that exist on PostgreSQL only:
            # see tickets/search_indexes.py.
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"
