"""Keyset pagination over the newest-first order (created_at DESC, id DESC).

A cursor names the (created_at, id) of a row, so a page is an index range: pages neither
repeat nor skip rows while tickets are being created, and page 2,000 costs what page 1
does.  Cursors are opaque to clients (base64 of "v1:<iso timestamp>:<id>").
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from tickets.models import Ticket

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100
_CURSOR_PREFIX = "v1"


class PaginationError(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Position:
    created_at: datetime
    id: int


def encode_cursor(ticket: Ticket) -> str:
    raw = f"{_CURSOR_PREFIX}:{ticket.created_at.isoformat()}:{ticket.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_cursor(cursor: str) -> Position:
    try:
        raw = base64.urlsafe_b64decode(cursor.encode("ascii")).decode()
        prefix, rest = raw.split(":", 1)
        stamp, ident = rest.rsplit(":", 1)
        if prefix != _CURSOR_PREFIX:
            raise ValueError(prefix)
        created_at = datetime.fromisoformat(stamp)
        if created_at.tzinfo is None:
            raise ValueError(stamp)
        return Position(created_at=created_at, id=int(ident))
    except (ValueError, UnicodeError, binascii.Error):
        raise PaginationError(
            "INVALID_CURSOR", f"Cursor {cursor[:40]!r} is not a cursor this server issued."
        ) from None


def _older_than(pos: Position, inclusive: bool = False) -> Q:
    # The redundant created_at__lte lets PostgreSQL seek in the index instead of filtering.
    tie = (
        Q(created_at=pos.created_at, id__lte=pos.id)
        if inclusive
        else Q(created_at=pos.created_at, id__lt=pos.id)
    )
    return Q(created_at__lte=pos.created_at) & (Q(created_at__lt=pos.created_at) | tie)


def _newer_than(pos: Position, inclusive: bool = False) -> Q:
    tie = (
        Q(created_at=pos.created_at, id__gte=pos.id)
        if inclusive
        else Q(created_at=pos.created_at, id__gt=pos.id)
    )
    return Q(created_at__gte=pos.created_at) & (Q(created_at__gt=pos.created_at) | tie)


@dataclass(frozen=True)
class Page:
    items: list[Ticket]
    has_next_page: bool
    has_previous_page: bool

    @property
    def start_cursor(self) -> str | None:
        return encode_cursor(self.items[0]) if self.items else None

    @property
    def end_cursor(self) -> str | None:
        return encode_cursor(self.items[-1]) if self.items else None


def _check_size(name: str, value: int | None) -> None:
    if value is not None and not 0 <= value <= MAX_PAGE_SIZE:
        raise PaginationError(
            "INVALID_PAGE_SIZE", f"`{name}` must be between 0 and {MAX_PAGE_SIZE}, got {value}."
        )


def paginate(
    queryset: QuerySet[Ticket],
    *,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> Page:
    """One page of ``queryset`` in newest-first order, Relay style.

    Forward (first/after) or backward (last/before), not both at once.
    """
    _check_size("first", first)
    _check_size("last", last)
    if (first is not None or after is not None) and (last is not None or before is not None):
        raise PaginationError(
            "INVALID_PAGINATION", "Use `first`/`after` or `last`/`before`, not both."
        )
    after_pos = decode_cursor(after) if after is not None else None
    before_pos = decode_cursor(before) if before is not None else None

    if last is not None or before_pos is not None:
        size = DEFAULT_PAGE_SIZE if last is None else last
        window = queryset
        if before_pos is not None:
            window = window.filter(_newer_than(before_pos))
        rows = list(window.order_by("created_at", "id")[: size + 1])
        has_previous = len(rows) > size
        items = list(reversed(rows[:size]))
        has_next = (
            before_pos is not None
            and queryset.filter(_older_than(before_pos, inclusive=True)).exists()
        )
        return Page(items=items, has_next_page=has_next, has_previous_page=has_previous)

    size = DEFAULT_PAGE_SIZE if first is None else first
    window = queryset
    if after_pos is not None:
        window = window.filter(_older_than(after_pos))
    rows = list(window.order_by("-created_at", "-id")[: size + 1])
    has_next = len(rows) > size
    has_previous = (
        after_pos is not None and queryset.filter(_newer_than(after_pos, inclusive=True)).exists()
    )
    return Page(items=rows[:size], has_next_page=has_next, has_previous_page=has_previous)
