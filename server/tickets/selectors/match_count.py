"""How many tickets a list matches, at a cost that does not grow with the matches.

An exact count visits every match: 70,000 tickets containing "refund" cost ~300 ms of SQL
at 1,000,000 tickets, however the text is indexed (the heap is read either way;
docs/benchmarks.md, "Search at 1,000,000 tickets").  So a list's count is:

- exact from the per-day counts whenever they can answer (no text search, no requester):
  cheap at any size;
- otherwise the planner's row estimate for the same query comes first (one EXPLAIN,
  ~1 ms, from the statistics ANALYZE keeps, including those of the trigram indexes'
  expressions; within a factor of 2 on the 1M demo desk).  Well above the bound
  (``ESTIMATE_MARGIN`` times it) it is the answer, marked as an estimate: a common word
  costs no count at all.  Below that the tickets are counted up to ``exact_up_to + 1``
  (``LIMIT``: the database stops there), and the answer is exact when at most the bound
  match, else the estimate, never below what was counted.

Estimating first also keeps the bounded count's plan safe: with an estimate near the
bound, the planner reads the few matches from the trigram indexes instead of walking the
table in the hope of meeting the bound early (a rare word at a bound of 200 took 500 ms
that way under load).

SQLite keeps no such statistics: there the count is exact whatever it costs, which a
desk small enough for SQLite can afford.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.db import connections
from django.db.models import QuerySet, Sum

from tickets import visibility
from tickets.desk_time import desk_zone
from tickets.filters import TicketFilter, day_count_rows, tickets_matching
from tickets.models import Ticket

# Largest exact bound a client may ask for: beyond it a count is no longer cheap.
EXACT_UP_TO_MAX = 10_000
# An estimate this many times the bound is answered without counting (the planner's
# estimates were within a factor of 2 of the truth on the 1M demo desk).
ESTIMATE_MARGIN = 2


@dataclass(frozen=True)
class MatchCount:
    value: int
    exact: bool  # False: `value` is the planner's estimate (more than exact_up_to match)


def match_count(filters: TicketFilter, *, actor, exact_up_to: int) -> MatchCount:
    """How many tickets that ``actor`` may see match ``filters``: exact when at most
    ``exact_up_to`` do (or the per-day counts can tell), else an estimate; an estimate
    well above the bound is answered without counting."""
    filters = visibility.narrow(filters, actor=actor)
    rows = day_count_rows(filters, desk_zone())
    if rows is not None:
        return MatchCount(rows.aggregate(n=Sum("count"))["n"] or 0, exact=True)
    tickets = tickets_matching(filters)
    estimate = planner_rows(tickets)
    if estimate is None:
        return MatchCount(tickets.count(), exact=True)
    if estimate >= ESTIMATE_MARGIN * exact_up_to:
        return MatchCount(estimate, exact=False)
    counted = tickets[: exact_up_to + 1].count()
    if counted <= exact_up_to:
        return MatchCount(counted, exact=True)
    return MatchCount(max(estimate, counted), exact=False)


def planner_rows(tickets: QuerySet[Ticket]) -> int | None:
    """The planner's estimate of how many rows ``tickets`` holds (PostgreSQL), or None
    where the database gives none."""
    connection = connections[tickets.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = tickets.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return round(plan[0]["Plan"]["Plan Rows"])
