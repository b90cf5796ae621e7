"""What the Locust process keeps besides Locust's own statistics: when each write was answered
(to tell what every subscriber should have heard) and what the subscribers heard, written
as JSON when the test stops.  All users run in the one Locust process, so plain module
state is shared by them.
"""

from __future__ import annotations

import json
import time
from bisect import bisect_left
from dataclasses import asdict, dataclass, field

# time.monotonic() of each successful write's answer (creates and status changes), and of
# each create alone, in the order the answers came.
writes: list[float] = []
creates: list[float] = []
# totalTickets before the test's first create (asked for when the test starts).
base_total: int | None = None


def wrote(*, created: bool) -> None:
    now = time.monotonic()
    writes.append(now)
    if created:
        creates.append(now)


def writes_since(moment: float) -> int:
    return len(writes) - bisect_left(writes, moment)


@dataclass
class SubscriberTotals:
    """Summed over all subscribers."""

    connected: int = 0
    connect_failures: int = 0
    disconnects: int = 0
    events: int = 0
    # Events a subscriber should have had (writes answered while it was settled) and the
    # shortfall of what it had against that, summed per subscriber.
    events_expected: int = 0
    events_missed: int = 0
    stats_messages: int = 0
    # Creates the last ticketStats message of a subscriber did not count yet.
    stats_behind: int = 0
    interrupted: int = 0
    errors: list[str] = field(default_factory=list)


totals = SubscriberTotals()


def write_summary(path: str, seconds: float) -> None:
    summary = {
        **asdict(totals),
        "errors": totals.errors[:20],
        "writes": len(writes),
        "creates": len(creates),
        "seconds": seconds,
    }
    with open(path, "w") as out:
        json.dump(summary, out, indent=1)
