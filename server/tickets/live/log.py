"""The ticket event log every hub reads: a bounded sequence of numbered events.

Each published event takes the next sequence number in the same atomic step as its
append, so a reader knows whether it saw every event: a number skipped (or going back)
means events were missed, because the reader fell further behind than the log keeps,
or a publish failed.  The hub then tells its subscribers (``LIVE_UPDATES_INTERRUPTED``).

Two logs with the same rule: ``MemoryLog`` (one process, no REDIS_URL) and
``RedisLog``, a Redis stream trimmed to ``LIVE_LOG_LENGTH`` entries that every process
reads with XREAD from its own position.  Readers keep nothing in Redis (no consumer
group, no channel), so a process that stops leaves nothing behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol

import redis
import redis.asyncio
from django.conf import settings
from redis.asyncio.retry import Retry as AsyncRetry
from redis.backoff import NoBackoff

from config.redis_pools import shared_client
from tickets.events import TicketEvent
from tickets.live.messages import decode, encode

logger = logging.getLogger(__name__)

# At most this many entries per read.
BATCH = 500
# A Redis reader waits this long for new entries before asking again.
READ_BLOCK_SECONDS = 5.0
# A publish retries a failing Redis until this deadline (then it is logged and counted
# as missed, see ``RedisLog.append``).
PUBLISH_DEADLINE_SECONDS = 2.0

# (sequence number, how many numbers before it may be skipped without a loss, the event
# or None for one this process cannot read)
Entry = tuple[int, int, TicketEvent | None]


class Reader(Protocol):
    async def open(self) -> int:
        """Positions the reader at the end of the log; returns the last sequence number."""

    async def read(self) -> list[Entry]:
        """The entries after the position, oldest first (waits; may return none)."""

    async def close(self) -> None: ...


class EventLog(Protocol):
    def append(self, event: TicketEvent) -> None: ...

    def reader(self) -> Reader: ...


class MemoryLog:
    """The log of one process.  Appended to from any thread (a write's on_commit);
    read by the hub of each event loop."""

    def __init__(self, length: int) -> None:
        self._entries: deque[Entry] = deque(maxlen=length)
        self._last = 0
        self._lock = threading.Lock()
        self._wakers: set[Callable[[], None]] = set()

    def append(self, event: TicketEvent) -> None:
        with self._lock:
            self._last += 1
            self._entries.append((self._last, 0, event))
            wakers = list(self._wakers)
        for wake in wakers:
            wake()

    def reader(self) -> _MemoryReader:
        return _MemoryReader(self)

    def last(self) -> int:
        with self._lock:
            return self._last

    def after(self, seq: int) -> list[Entry]:
        """Entries numbered after ``seq`` (from the oldest kept, if those are gone)."""
        with self._lock:
            if not self._entries:
                return []
            start = max(0, seq + 1 - self._entries[0][0])
            return list(itertools.islice(self._entries, start, start + BATCH))


class _MemoryReader:
    def __init__(self, log: MemoryLog) -> None:
        self._log = log
        self._position = 0
        self._arrived = asyncio.Event()
        self._wake: Callable[[], None] | None = None

    async def open(self) -> int:
        loop = asyncio.get_running_loop()

        def wake() -> None:
            with contextlib.suppress(RuntimeError):  # the loop has closed
                loop.call_soon_threadsafe(self._arrived.set)

        self._wake = wake
        self._log._wakers.add(wake)
        self._position = self._log.last()
        return self._position

    async def read(self) -> list[Entry]:
        while True:
            self._arrived.clear()
            entries = self._log.after(self._position)
            if entries:
                self._position = entries[-1][0]
                return entries
            await self._arrived.wait()

    async def close(self) -> None:
        if self._wake is not None:
            self._log._wakers.discard(self._wake)


# Appends the event and numbers it in one atomic step.  ARGV[3] events were lost before
# it (publishes that failed, the last ARGV[4] ms ago), so its number skips them and every
# reader that was already reading then sees the gap.
_APPEND = """
local lost = tonumber(ARGV[3])
local seq = redis.call('INCRBY', KEYS[2], 1 + lost)
local fields = {'seq', seq, 'event', ARGV[2]}
if lost > 0 then
  local now = redis.call('TIME')
  local now_ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
  table.insert(fields, 'lost')
  table.insert(fields, lost)
  table.insert(fields, 'lost_at')
  table.insert(fields, now_ms - tonumber(ARGV[4]))
end
redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[1], '*', unpack(fields))
return seq
"""


class RedisLog:
    def __init__(self, url: str, prefix: str, length: int) -> None:
        self.url = url
        self.stream = f"{prefix}:live:events"
        self.counter = f"{prefix}:live:seq"
        self.length = length
        self._client = shared_client(url)
        self._script = self._client.register_script(_APPEND)
        self._lost = 0
        self._lost_at = 0.0
        self._lock = threading.Lock()

    def append(self, event: TicketEvent) -> None:
        """Retries a failing Redis (dead pooled connections after a restart, a brief
        outage) until the deadline.  A publish that still fails raises; the next one that
        succeeds skips its number, so readers learn events were lost.  While publishes
        are failing, each tries once, so writes are not held up for long."""
        data = json.dumps(encode(event))
        with self._lock:
            lost, self._lost = self._lost, 0
            lost_ago_ms = int((time.monotonic() - self._lost_at) * 1000) if lost else 0
        deadline = time.monotonic() + (0 if lost else PUBLISH_DEADLINE_SECONDS)
        delay = 0.05
        while True:
            try:
                self._script(
                    keys=[self.stream, self.counter],
                    args=[self.length, data, lost, lost_ago_ms],
                )
                return
            except (redis.ConnectionError, redis.TimeoutError):
                if time.monotonic() + delay > deadline:
                    with self._lock:
                        self._lost += lost + 1
                        self._lost_at = time.monotonic()
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 0.5)

    def reader(self) -> _RedisReader:
        return _RedisReader(self)


class _RedisReader:
    """One connection of its own: XREAD blocks it."""

    def __init__(self, log: RedisLog) -> None:
        self._log = log
        self._client = redis.asyncio.Redis.from_url(
            log.url,
            single_connection_client=True,
            socket_connect_timeout=2,
            # Longer than the blocking read, which returns by itself when idle.
            socket_timeout=READ_BLOCK_SECONDS + 10,
            socket_keepalive=True,
            # The hub reconnects, and tells subscribers, itself.
            retry=AsyncRetry(NoBackoff(), 0),
        )
        self._id: bytes | str = "0-0"
        self._opened_ms = 0

    async def open(self) -> int:
        async with self._client.pipeline(transaction=True) as pipe:
            pipe.xrevrange(self._log.stream, count=1)
            pipe.get(self._log.counter)
            pipe.time()
            newest, counter, (seconds, micros) = await pipe.execute()
        self._id = newest[0][0] if newest else "0-0"
        self._opened_ms = seconds * 1000 + micros // 1000
        return int(counter or 0)

    async def read(self) -> list[Entry]:
        response = await self._client.xread(
            {self._log.stream: self._id}, count=BATCH, block=int(READ_BLOCK_SECONDS * 1000)
        )
        entries: list[Entry] = []
        for _stream, items in response or ():
            for entry_id, fields in items:
                self._id = entry_id
                try:
                    event = decode(json.loads(fields[b"event"]))
                except ValueError:
                    # Written by a server this one cannot read (a newer version during a
                    # rolling deploy, say): for this process, a missed event.
                    logger.warning("Unreadable live event %s skipped", entry_id, exc_info=True)
                    event = None
                entries.append((int(fields[b"seq"]), self._excused(fields), event))
        return entries

    def _excused(self, fields: dict) -> int:
        """Events lost before this reader opened: its subscribers came later (and fetched
        after those writes had committed), so the gap they leave is not theirs."""
        if b"lost" in fields and int(fields[b"lost_at"]) < self._opened_ms:
            return int(fields[b"lost"])
        return 0

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await self._client.aclose()


_log: EventLog | None = None
_log_lock = threading.Lock()


def get_log() -> EventLog:
    """This process's log, chosen by REDIS_URL."""
    global _log
    with _log_lock:
        if _log is None:
            if settings.REDIS_URL:
                _log = RedisLog(
                    settings.REDIS_URL, settings.REDIS_KEY_PREFIX, settings.LIVE_LOG_LENGTH
                )
            else:
                _log = MemoryLog(settings.LIVE_LOG_LENGTH)
        return _log
