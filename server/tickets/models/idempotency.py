"""Idempotency keys of createTicket: a client that retries after a dropped connection
gets the ticket its first attempt created, not a second one (tickets/idempotency.py)."""

from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone

KEY_MAX_LENGTH = 200


class IdempotencyKey(models.Model):
    """One (owner, key) per created ticket, with a fingerprint of the input it came with.

    ``owner`` is whose key it is ("user:<id>", or "ip:<address>" for an anonymous caller):
    keys of different callers never meet.  The unique constraint makes concurrent repeats
    create one ticket: the second insert waits for the first transaction and fails.
    """

    owner = models.CharField(max_length=100)
    key = models.CharField(max_length=KEY_MAX_LENGTH)
    fingerprint = models.CharField(max_length=64)
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "key"], name="idempotency_owner_key_unique"),
            models.CheckConstraint(
                condition=GreaterThan(Length("key"), 0)
                & LessThanOrEqual(Length("key"), KEY_MAX_LENGTH),
                name="idempotency_key_length",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner} {self.key}"
