"""Appends every committed TicketEvent to the event log (``tickets.live.log``).

Runs in the ``on_commit`` callback of the write, so the write has already succeeded: a
Redis that is down is logged and never fails the mutation.  An event that could not be
appended is not lost silently: the next append skips its sequence number, and every hub
that sees the gap tells its subscribers to refetch.

``TicketsConfig.ready`` connects ``publish`` to ``tickets.events.ticket_changed`` in every
process that writes (servers, management commands, shells).
"""

from __future__ import annotations

import logging

from tickets.events import TicketEvent
from tickets.live.log import get_log

logger = logging.getLogger(__name__)


def publish(sender, event: TicketEvent, **kwargs) -> None:
    try:
        get_log().append(event)
    except Exception:
        logger.warning("Live update not published: Redis failed", exc_info=True)
