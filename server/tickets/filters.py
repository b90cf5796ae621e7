"""The ticket filter: one value type holding every form of its meaning side by side.

``TicketFilter`` is what every list, count, statistic and live subscription shares:

- ``validate()``: the filter, or a DomainError naming each field a client got wrong;
- ``q()``: its SQL form over tickets (``tickets_matching`` applies it);
- ``matches(snapshot)`` / ``matched_before(event)``: its in-memory form, for live events
  (no query per event);
- ``day_count_q(zone)``: its form over the per-day counts, or None when they cannot answer
  exactly (``day_count_rows`` applies it);
- ``key()``: a hashable identity, equal for filters that differ only in list order,
  repeats, or the search's surrounding spaces and letter case.

Adding a field touches one obvious place per layer:

- here: the field on ``TicketFilter``, then its clause in ``validate`` (if it can be
  wrong), ``q``, ``matches`` and ``day_count_q`` (return None when the counts cannot
  answer it); ``key`` follows by itself;
- the database: an index that serves it on PostgreSQL (``Ticket.Meta.indexes``, checked by
  ``tickets/tests/test_indexes.py``);
- the GraphQL input: ``api/tickets/filters.py`` (the field and ``_domain_filter``);
- the web client: ``web/src/features/tickets/filters.ts`` (``Filters``, ``toTicketFilter``
  and ``ticketMatches``, or the field is marked server-only in the cases);
- the shared cases: ``tickets/tests/filter_cases.json``, which the server checks against
  the database, in memory and on the per-day counts, and the web client against
  ``ticketMatches``.

Whose tickets an actor sees is not a filter a client sets: ``tickets.visibility`` narrows
a filter (``requester_id``) for its actor and calls ``tickets_matching``.

The search is a substring test on the title or the description that ignores case the way
PostgreSQL's ``UPPER(col) LIKE UPPER(term)`` does: letter by letter, to the capital
letter (``_upper_letterwise``), so "É" finds "é" but "ss" does not find "ß".  SQLite's
LIKE ignores the case of ASCII letters only: there "É" does not find "é".
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet

from core.errors import DomainError, ErrorCode, FieldProblem
from core.validators import UNSTORABLE_MESSAGE, has_unstorable_characters
from tickets import day_counts
from tickets.events import TicketEvent, TicketSnapshot
from tickets.models import Ticket, TicketDayCount

# Longest search text: a longer term is refused (a 50 KB LIKE pattern fails on SQLite and
# costs PostgreSQL's trigram index a scan of everything).
SEARCH_MAX_LENGTH = 200
# Dates a filter may name.  Far-off instants are refused rather than served: the first and
# last years of Python's range overflow as soon as a time zone or a day is added to them.
EARLIEST_YEAR = 1000
LATEST_YEAR = 9998


def _values(values: Iterable[str]) -> tuple[str, ...]:
    """A list filter in one canonical order: order and repeats never change its meaning."""
    return tuple(sorted(set(values)))


@dataclass(frozen=True)
class TicketFilter:
    """Lists are OR-ed within a field; fields are AND-ed.  An empty list means no filter;
    so does a search that is empty once trimmed."""

    # Any sequence of values; kept as a sorted tuple without repeats (see _values).
    category: Sequence[str] = ()
    priority: Sequence[str] = ()
    status: Sequence[str] = ()
    search: str | None = None
    created_after: datetime | None = None  # inclusive
    created_before: datetime | None = None  # exclusive
    # Only this requester's tickets: set by tickets.visibility, never by a client's filter.
    requester_id: int | None = None

    def __post_init__(self) -> None:
        for name in ("category", "priority", "status"):
            object.__setattr__(self, name, _values(getattr(self, name)))

    @property
    def search_term(self) -> str:
        """The search as matched: trimmed ("" means no search)."""
        return (self.search or "").strip()

    # Validation --------------------------------------------------------------------------

    def validate(self) -> TicketFilter:
        """The filter itself, or a DomainError naming each field a client got wrong."""
        problems = []
        if self.search is not None:
            if len(self.search) > SEARCH_MAX_LENGTH:
                problems.append(
                    FieldProblem(
                        "search",
                        ErrorCode.TOO_LONG,
                        f"search: at most {SEARCH_MAX_LENGTH} characters, got {len(self.search)}.",
                    )
                )
            elif has_unstorable_characters(self.search):
                problems.append(
                    FieldProblem("search", ErrorCode.INVALID, f"search: {UNSTORABLE_MESSAGE}")
                )
        for name in ("created_after", "created_before"):
            moment = getattr(self, name)
            if moment is not None and not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
                problems.append(
                    FieldProblem(
                        name,
                        ErrorCode.INVALID,
                        f"{name}: the year must be between {EARLIEST_YEAR} and {LATEST_YEAR}.",
                    )
                )
        if problems:
            raise DomainError(problems)
        return self

    # SQL form ----------------------------------------------------------------------------

    def _labels_q(self) -> Q:
        """The category, priority and status lists: columns that tickets and the per-day
        counts share, so both forms start from this condition."""
        q = Q()
        for name in ("category", "priority", "status"):
            values = getattr(self, name)
            if values:
                q &= Q(**{f"{name}__in": values})
        return q

    def q(self) -> Q:
        """The condition on tickets (served by an index on PostgreSQL, tickets.models)."""
        q = self._labels_q()
        term = self.search_term
        if term:
            q &= Q(title__icontains=term) | Q(description__icontains=term)
        if self.created_after is not None:
            q &= Q(created_at__gte=self.created_after)
        if self.created_before is not None:
            q &= Q(created_at__lt=self.created_before)
        if self.requester_id is not None:
            q &= Q(requester_id=self.requester_id)
        return q

    # In-memory form ----------------------------------------------------------------------

    def matches(self, ticket: TicketSnapshot) -> bool:
        """Whether the ticket falls under the filter, like ``q`` on PostgreSQL."""
        if self.category and ticket.category not in self.category:
            return False
        if self.priority and ticket.priority not in self.priority:
            return False
        if self.status and ticket.status not in self.status:
            return False
        term = self.search_term
        if term:
            folded = _upper_letterwise(term)
            if folded not in _upper_letterwise(ticket.title):
                if folded not in _upper_letterwise(ticket.description):
                    return False
        if self.created_after is not None and ticket.created_at < self.created_after:
            return False
        if self.created_before is not None and ticket.created_at >= self.created_before:
            return False
        if self.requester_id is not None and ticket.requester_id != self.requester_id:
            return False
        return True

    def matched_before(self, event: TicketEvent) -> bool:
        """Whether the ticket matched before this change (a new ticket did not exist)."""
        before = event.ticket_before()
        return before is not None and self.matches(before)

    # Per-day-count form ------------------------------------------------------------------

    def day_count_q(self, zone: ZoneInfo) -> Q | None:
        """The condition on the per-day counts (TicketDayCount) that selects exactly the
        tickets ``q`` does, or None when they cannot: a text search, one requester's
        tickets, a date bound that is not a midnight in the desk's zone."""
        if self.search_term or self.requester_id is not None:
            return None
        q = self._labels_q()
        if self.created_after is not None:
            day = _local_midnight_date(self.created_after, zone)
            if day is None:
                return None
            q &= Q(day__gte=day)
        if self.created_before is not None:
            day = _local_midnight_date(self.created_before, zone)
            if day is None:
                return None
            q &= Q(day__lt=day)
        return q

    # Identity ----------------------------------------------------------------------------

    def key(self) -> tuple:
        """A hashable identity: filters with equal keys select the same tickets, so the
        hub lets them share work (one match per event, one statistics feed)."""
        return tuple(
            _upper_letterwise(self.search_term) if f.name == "search" else getattr(self, f.name)
            for f in dataclasses.fields(self)
        )


NO_FILTER = TicketFilter()


def tickets_matching(filter: TicketFilter) -> QuerySet[Ticket]:
    """Every ticket under ``filter``; which of them an actor sees is tickets.visibility's."""
    return Ticket.objects.filter(filter.q())


def day_count_rows(filter: TicketFilter, zone: ZoneInfo) -> QuerySet[TicketDayCount] | None:
    """The per-day count rows holding exactly the tickets under ``filter``, or None when
    they cannot answer: ``day_count_q`` cannot, or the counts are not current."""
    q = filter.day_count_q(zone)
    if q is None or not day_counts.is_current():
        return None
    return TicketDayCount.objects.filter(q)


def _local_midnight_date(moment: datetime, zone: ZoneInfo):
    local = moment.astimezone(zone)
    return local.date() if local.time() == time.min else None


def _upper_letterwise(text: str) -> str:
    """``text`` in capitals one letter at a time, as PostgreSQL's UPPER does (simple case
    mapping): a letter whose capital is several letters ("ß", "ﬁ") keeps a one-letter
    capital form if it has one, else stays as it is."""
    upper = text.upper()
    if len(upper) == len(text):  # no letter became several: the common case
        return upper
    return "".join(_upper_letter(letter) for letter in text)


@lru_cache(maxsize=1024)
def _upper_letter(letter: str) -> str:
    upper = letter.upper()
    if len(upper) == 1:
        return upper
    title = letter.title()
    return title if len(title) == 1 else letter
