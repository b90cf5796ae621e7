"""Idempotency keys for createTicket: a repeat answers with the first ticket.

A client that lost the answer to a create (dropped connection, timeout) retries with the
same key and gets the ticket the first attempt made: no second ticket, event or day count.
The same key with a different input is refused (IDEMPOTENCY_KEY_REUSED).  Keys belong to
their caller (a user, or an anonymous caller's IP) and expire after IDEMPOTENCY_KEY_TTL
seconds (24 h); expired rows are deleted lazily, a batch at a time, by later keyed creates
(at most every PURGE_EVERY_SECONDS per process, unless a backlog remains).
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Subquery
from django.utils import timezone

from core.actors import is_system
from core.errors import DomainError, ErrorCode
from tickets.models import IdempotencyKey, Ticket
from tickets.models.idempotency import KEY_MAX_LENGTH

FIELD = "idempotencyKey"
PURGE_BATCH = 500
PURGE_EVERY_SECONDS = 60


class KeyTaken(Exception):
    """Another create with this key committed first (raised inside the transaction)."""


@dataclass(frozen=True)
class Claim:
    """A create's key: whose it is, the key, and what it was sent with."""

    owner: str
    key: str
    fingerprint: str

    @classmethod
    def of(cls, *, key: str, actor, client_ip: str | None, fields: dict) -> Claim:
        return cls(owner_of(actor, client_ip), valid_key(key), fingerprint(fields))


def valid_key(key: str) -> str:
    """1 to 200 visible ASCII characters (a UUID is typical); surrounding quotes and
    spaces dropped (the IETF draft sends the header as a quoted string)."""
    cleaned = key.strip().strip('"').strip()
    if not cleaned:
        raise DomainError.single(FIELD, ErrorCode.BLANK, f"{FIELD}: must not be blank.")
    if len(cleaned) > KEY_MAX_LENGTH:
        raise DomainError.single(
            FIELD, ErrorCode.TOO_LONG, f"{FIELD}: at most {KEY_MAX_LENGTH} characters."
        )
    if not all(" " <= char <= "~" for char in cleaned):
        raise DomainError.single(
            FIELD, ErrorCode.INVALID, f"{FIELD}: only visible ASCII characters (e.g. a UUID)."
        )
    return cleaned


def owner_of(actor, client_ip: str | None) -> str:
    if is_system(actor):
        return "system"
    if actor.is_authenticated:
        return f"user:{actor.pk}"
    return f"ip:{client_ip or 'unknown'}"


def fingerprint(fields: dict) -> str:
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def _cutoff():
    return timezone.now() - timedelta(seconds=settings.IDEMPOTENCY_KEY_TTL)


def earlier_ticket(claim: Claim) -> Ticket | None:
    """The ticket an unexpired use of this key created; refused when that use came with a
    different input."""
    used = (
        IdempotencyKey.objects.filter(owner=claim.owner, key=claim.key, created_at__gte=_cutoff())
        .select_related("ticket")
        .first()
    )
    if used is None:
        return None
    if used.fingerprint != claim.fingerprint:
        raise DomainError.single(
            FIELD,
            ErrorCode.IDEMPOTENCY_KEY_REUSED,
            f"{FIELD}: already used for a different ticket; use a new key for a new ticket.",
        )
    return used.ticket


def winner(claim: Claim) -> Ticket:
    """After KeyTaken: the ticket of the create that committed first."""
    ticket = earlier_ticket(claim)
    if ticket is None:  # that ticket was deleted in the meantime
        raise DomainError.single(
            FIELD, ErrorCode.INVALID, f"{FIELD}: a create with this key is gone; use a new key."
        )
    return ticket


def remember(claim: Claim, ticket: Ticket) -> None:
    """Store the key with the new ticket, in the create's transaction, in one statement.
    Raises KeyTaken when a concurrent create with the same key committed first (the
    caller's transaction rolls back and answers with that create's ticket).

    The insert takes the place of this key's own expired row, if any, and otherwise waits
    for a concurrent insert of the same key, then inserts nothing: no error is raised in
    the database, so no savepoint is needed."""
    cutoff = _cutoff()
    _purge_when_due(cutoff)
    quote = connection.ops.quote_name
    table = quote(IdempotencyKey._meta.db_table)
    columns = [quote(name) for name in ("owner", "key", "fingerprint", "ticket_id", "created_at")]
    replaced = ", ".join(f"{name} = excluded.{name}" for name in columns[2:])
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES (%s, %s, %s, %s, %s) "
            f"ON CONFLICT ({columns[0]}, {columns[1]}) DO UPDATE SET {replaced} "
            f"WHERE {table}.{columns[4]} < %s RETURNING 1",
            [
                claim.owner,
                claim.key,
                claim.fingerprint,
                ticket.pk,
                adapt(timezone.now()),
                adapt(cutoff),
            ],
        )
        if cursor.fetchone() is None:
            raise KeyTaken


class _PurgeClock:
    """When this process next deletes expired keys: every PURGE_EVERY_SECONDS, and at
    once again while each purge finds a full batch (a backlog)."""

    def __init__(self) -> None:
        self.next_at = float("-inf")

    def due(self) -> bool:
        return time.monotonic() >= self.next_at

    def purged(self, rows: int) -> None:
        backlog = rows >= PURGE_BATCH
        self.next_at = float("-inf") if backlog else time.monotonic() + PURGE_EVERY_SECONDS


purge_clock = _PurgeClock()


def _purge_when_due(cutoff) -> None:
    """Expired keys are deleted a batch at a time by keyed creates, at most every
    PURGE_EVERY_SECONDS per process rather than on each (one statement when due)."""
    if not purge_clock.due():
        return
    expired = IdempotencyKey.objects.filter(created_at__lt=cutoff).values("pk")[:PURGE_BATCH]
    rows, _ = IdempotencyKey.objects.filter(pk__in=Subquery(expired)).delete()
    purge_clock.purged(rows)
