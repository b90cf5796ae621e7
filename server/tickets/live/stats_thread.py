"""Live statistics are computed on one thread per server process that keeps its database
connection, whatever DB_CONN_MAX_AGE says for requests.

Every change recomputes the statistics of each watched filter; opening a PostgreSQL
connection for each computation would cost more than the computation itself.  Requests
cannot keep theirs (under ASGI each request may run on another thread, and kept
connections would pile up per thread), but this one thread is one extra connection per
process.  It is checked before each use and dropped after a failure, so a database restart
costs one failed computation, not a stuck feed.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from django.db import connection

from core.actors import SYSTEM
from tickets.filters import TicketFilter
from tickets.selectors.stats import TicketStatsData, ticket_stats

_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="desk-live-stats")


def _compute(filters: TicketFilter) -> TicketStatsData:
    if connection.connection is not None and not connection.is_usable():
        connection.close()
    try:
        # The hub narrowed the filter to the subscriber when it subscribed.
        return ticket_stats(filters=filters, actor=SYSTEM)
    except Exception:
        connection.close()
        raise


async def compute_stats(filters: TicketFilter) -> TicketStatsData:
    return await asyncio.get_running_loop().run_in_executor(_executor, _compute, filters)
