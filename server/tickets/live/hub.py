"""The one reader of the event log per server process: it hands each event to the local
subscribers it concerns.

One reader per process (not per subscription) keeps Redis's work independent of the
number of sockets.  Filters are evaluated once per event per distinct filter.

Every subscriber gets every event that matches it, or is told it missed some: its stream
ends with ``LiveUpdatesInterrupted`` (LIVE_UPDATES_INTERRUPTED), and the client
resubscribes and refetches.  That happens when the hub finds a gap in the log's sequence
numbers (it fell further behind than the log keeps, or a publish failed), when the log
fails (Redis gone; the hub keeps retrying, and new subscriptions work again as soon as it
is back), and when a subscriber lets its own queue fill up.  Statistics feeds are not
ended by a gap: they recompute from the database, which is never behind.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from django.conf import settings

from tickets import policy, visibility
from tickets.events import TicketEvent
from tickets.filters import TicketFilter
from tickets.live.log import get_log
from tickets.live.stats_feed import LiveUpdatesInterrupted, StatsFeed
from tickets.live.stats_thread import compute_stats

logger = logging.getLogger(__name__)

RETRY_SECONDS = (0.5, 1, 2)
TOO_SLOW = "Too many events waiting for this subscriber; subscribe again and refetch."
MISSED = "Live updates fell behind and some events were missed; subscribe again and refetch."
OUTAGE = "Live updates were interrupted."


@dataclass(eq=False)
class EventSubscriber:
    """Reads (event, still matching) pairs, or an exception that ends the stream."""

    queue: asyncio.Queue


# Turns (event, still matching) into what subscribers read: called once per event per
# group, so every subscriber of a group reads the same object (the API renders it once).
Render = Callable[[TicketEvent, bool], object]
# Turns computed stats into what subscribers read, once per computation.
Present = Callable[[object], object]


def _as_is(event: TicketEvent, matching: bool) -> tuple[TicketEvent, bool]:
    return event, matching


def _unchanged(value: object) -> object:
    return value


@dataclass(eq=False)
class _EventGroup:
    filters: TicketFilter
    render: Render
    subscribers: set[EventSubscriber] = field(default_factory=set)


class Hub:
    def __init__(self) -> None:
        self._event_groups: dict[tuple, _EventGroup] = {}
        self._feeds: dict[tuple, StatsFeed] = {}
        self._task: asyncio.Task | None = None
        self._ready = asyncio.Event()
        self.events_received = 0
        self.stats_computations = 0
        self.gaps = 0

    # Lifecycle -------------------------------------------------------------------------

    async def ensure_ready(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._listen())
        try:
            await asyncio.wait_for(self._ready.wait(), settings.LIVE_CONNECT_TIMEOUT)
        except TimeoutError:
            raise LiveUpdatesInterrupted("Live updates are unavailable; retry later.") from None

    async def _listen(self) -> None:
        failures = 0
        while True:
            reader = get_log().reader()
            try:
                position = await reader.open()
                self._ready.set()
                failures = 0
                while True:
                    for seq, excused, event in await reader.read():
                        if seq != position + 1 + excused:
                            self._missed(seq - position - 1)
                        position = seq
                        if event is None:
                            self._missed(1)
                        else:
                            self.dispatch(event)
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.warning("Live updates interrupted: the event log failed", exc_info=True)
                self._ready.clear()
                self._fail_all(LiveUpdatesInterrupted(OUTAGE))
                await asyncio.sleep(RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)])
                failures += 1
            finally:
                await reader.close()

    def _missed(self, count: int) -> None:
        self.gaps += 1
        logger.warning(
            "Live updates: %s events missed (the hub fell behind the log, or a publish "
            "failed); ending %s subscriptions so their clients refetch",
            count if count > 0 else "some",
            sum(len(group.subscribers) for group in self._event_groups.values()),
        )
        for group in self._event_groups.values():
            for subscriber in group.subscribers:
                _put_error(subscriber, LiveUpdatesInterrupted(MISSED))
            group.subscribers.clear()
        for feed in list(self._feeds.values()):
            feed.changed()

    def _fail_all(self, error: Exception) -> None:
        for group in self._event_groups.values():
            for subscriber in group.subscribers:
                _put_error(subscriber, error)
            group.subscribers.clear()
        for feed in self._feeds.values():
            feed.fail(error)

    # Fan-out ---------------------------------------------------------------------------

    def dispatch(self, event: TicketEvent) -> None:
        self.events_received += 1
        # Stats first: their recomputation starts (in a worker thread, on the database)
        # while the loop hands the event to its subscribers.
        for feed in list(self._feeds.values()):
            if feed.filters.matches(event.ticket) or feed.filters.matched_before(event):
                feed.changed()
        for group in list(self._event_groups.values()):
            now = group.filters.matches(event.ticket)
            if not now and not group.filters.matched_before(event):
                continue
            item = group.render(event, now)
            for subscriber in list(group.subscribers):
                try:
                    subscriber.queue.put_nowait(item)
                except asyncio.QueueFull:
                    # A reader this far behind has lost track anyway: end its stream (it
                    # resubscribes and refetches) rather than let the queue grow.
                    group.subscribers.discard(subscriber)
                    _put_error(subscriber, LiveUpdatesInterrupted(TOO_SLOW))

    # Subscriptions ---------------------------------------------------------------------

    @asynccontextmanager
    async def events(
        self, filters: TicketFilter, render: Render = _as_is, *, actor
    ) -> AsyncIterator[EventSubscriber]:
        """A bounded queue of ``render(event, still matching)`` for the ticket events
        under ``filters`` (``(event, matching)`` pairs by default), narrowed to the
        tickets ``actor`` may see (tickets.visibility)."""
        filters = visibility.narrow(filters, actor=actor)
        await self.ensure_ready()
        key = (filters.key(), render)
        group = self._event_groups.get(key)
        if group is None:
            group = self._event_groups[key] = _EventGroup(filters, render)
        subscriber = EventSubscriber(asyncio.Queue(maxsize=settings.LIVE_EVENT_QUEUE_SIZE))
        group.subscribers.add(subscriber)
        try:
            yield subscriber
        finally:
            group.subscribers.discard(subscriber)
            if not group.subscribers and self._event_groups.get(key) is group:
                del self._event_groups[key]

    @asynccontextmanager
    async def stats(
        self, filters: TicketFilter, present: Present = _unchanged, *, actor
    ) -> AsyncIterator[StatsFeed]:
        """The shared feed of ``present(stats)`` under ``filters`` (for actors allowed to
        see the statistics), over the tickets ``actor`` may see."""
        policy.check_stats(actor)
        filters = visibility.narrow(filters, actor=actor)
        await self.ensure_ready()
        key = (filters.key(), present)
        feed = self._feeds.get(key)
        if feed is None:

            async def compute(filters: TicketFilter) -> object:
                return present(await self._compute_stats(filters))

            feed = self._feeds[key] = StatsFeed(filters, compute, settings.LIVE_STATS_INTERVAL)
        try:
            yield feed
        finally:
            if not feed.mailboxes and self._feeds.get(key) is feed:
                feed.close()
                del self._feeds[key]

    async def _compute_stats(self, filters: TicketFilter):
        self.stats_computations += 1
        return await compute_stats(filters)

    def sizes(self) -> dict[str, int]:
        """Counts for leak checks and the benchmark."""
        return {
            "event_filters": len(self._event_groups),
            "event_subscribers": sum(len(g.subscribers) for g in self._event_groups.values()),
            "stats_filters": len(self._feeds),
            "stats_subscribers": sum(len(f.mailboxes) for f in self._feeds.values()),
        }


def _put_error(subscriber: EventSubscriber, error: Exception) -> None:
    while True:
        try:
            subscriber.queue.put_nowait(error)
            return
        except asyncio.QueueFull:
            subscriber.queue.get_nowait()


_hubs: dict[asyncio.AbstractEventLoop, Hub] = {}


def get_hub() -> Hub:
    """The hub of the running event loop (one per server process in practice)."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        for stale in [other for other in _hubs if other.is_closed()]:
            del _hubs[stale]
        hub = _hubs[loop] = Hub()
    return hub
