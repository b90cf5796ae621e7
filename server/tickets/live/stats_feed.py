"""Statistics for one filter, shared by every subscriber in this process that uses it.

A change the filter cares about marks the feed stale; the feed recomputes at most once
per ``interval`` (the first change of a quiet period at once, a burst coalesced into one
recomputation at the end of each interval) and hands the result to every subscriber's
one-slot mailbox.  The mailbox keeps only the latest value, so a subscriber that falls
behind skips to the newest numbers instead of queueing old ones.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from tickets.filters import TicketFilter

logger = logging.getLogger(__name__)

Compute = Callable[[TicketFilter], Awaitable[Any]]

# A value is reused for a new subscriber's first message only while this fresh: the
# per-day series and the daily average move with the clock, not only with changes.
REUSE_SECONDS = 10.0


class LiveUpdatesInterrupted(Exception):
    """The stream of changes broke (e.g. Redis went away): subscribe again later."""


class Mailbox:
    """Holds the latest (version, value) and wakes its reader; never grows."""

    def __init__(self) -> None:
        self._item: tuple[int, Any] | None = None
        self._error: Exception | None = None
        self._ready = asyncio.Event()

    def put(self, version: int, value: Any) -> None:
        if self._item is None or version > self._item[0]:
            self._item = (version, value)
            self._ready.set()

    def fail(self, error: Exception) -> None:
        self._error = error
        self._ready.set()

    def newest(self, version: int, value: Any) -> tuple[int, Any]:
        """The held item if it is newer than ``(version, value)`` (taking it), else those."""
        if self._error is not None:
            raise self._error
        if self._item is not None and self._item[0] > version:
            item, self._item = self._item, None
            self._ready.clear()
            return item
        return version, value

    async def get(self) -> tuple[int, Any]:
        await self._ready.wait()
        if self._error is not None:
            raise self._error
        self._ready.clear()
        item, self._item = self._item, None
        assert item is not None
        return item


class StatsFeed:
    def __init__(self, filters: TicketFilter, compute: Compute, interval: float) -> None:
        self.filters = filters
        self.mailboxes: set[Mailbox] = set()
        self._compute = compute
        self._interval = interval
        self._version = 0
        self._value: tuple[int, Any, float] | None = None
        self._last_start = float("-inf")
        self._refresh: asyncio.Task | None = None
        self._first: asyncio.Task | None = None

    def join(self) -> Mailbox:
        mailbox = Mailbox()
        self.mailboxes.add(mailbox)
        return mailbox

    def leave(self, mailbox: Mailbox) -> None:
        self.mailboxes.discard(mailbox)

    def close(self) -> None:
        for task in (self._refresh, self._first):
            if task is not None:
                task.cancel()

    def fail(self, error: Exception) -> None:
        self._value = None  # changes may have been missed: never reuse it
        for mailbox in list(self.mailboxes):
            mailbox.fail(error)

    def changed(self) -> None:
        self._version += 1
        if self._refresh is None or self._refresh.done():
            self._refresh = asyncio.create_task(self._run_refresh())

    async def current(self) -> tuple[int, Any]:
        """The stats now: a fresh enough shared value, or one computation shared by
        every subscriber that asks meanwhile."""
        loop = asyncio.get_running_loop()
        if self._value is not None:
            version, value, at = self._value
            if version == self._version and loop.time() - at < REUSE_SECONDS:
                return version, value
        if self._first is None or self._first.done():
            self._first = asyncio.create_task(self._computed())
        return await asyncio.shield(self._first)

    async def _computed(self) -> tuple[int, Any]:
        loop = asyncio.get_running_loop()
        version = self._version
        value = await self._compute(self.filters)
        if self._value is None or version >= self._value[0]:
            self._value = (version, value, loop.time())
        return version, value

    async def _run_refresh(self) -> None:
        loop = asyncio.get_running_loop()
        while self._value is None or self._value[0] < self._version:
            wait = self._last_start + self._interval - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            self._last_start = loop.time()
            try:
                version, value = await self._computed()
            except Exception:
                logger.exception("Live statistics could not be computed")
                self.fail(LiveUpdatesInterrupted("Statistics could not be computed."))
                return
            for mailbox in list(self.mailboxes):
                mailbox.put(version, value)
