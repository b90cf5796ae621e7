"""Rate limits and sign-in lockouts, counted in Django's cache.

With REDIS_URL set the cache is Redis, so every server process counts against the same
numbers; without it each process counts for itself (one process is the zero-setup case).

- ``hit(bucket, who, rate)``: fixed windows of ``rate.seconds``; the call over the limit
  is refused with the seconds left in the window.
- ``LoginGuard``: failed sign-ins per username and per client IP.  After
  ``LOGIN_MAX_FAILURES`` failures (per IP: ``LOGIN_MAX_FAILURES_PER_IP``) within
  ``LOGIN_FAILURE_WINDOW`` seconds, that name (or IP) is locked for
  ``LOGIN_LOCKOUT_SECONDS``, doubled for every further lockout within a day, at most
  ``LOGIN_LOCKOUT_MAX_SECONDS``.  While locked, the password is not even checked.

If the cache fails (Redis gone), calls are let through and a warning is logged: writes
never fail because of Redis, as with the live updates.
"""

from __future__ import annotations

import hashlib
import logging
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import caches

from config.env import Rate
from core.errors import RateLimited

logger = logging.getLogger(__name__)
STRIKE_MEMORY_SECONDS = 24 * 3600


@contextmanager
def _tolerant(what: str):
    """Cache failures let the call through (logged), refusals pass on."""
    try:
        yield
    except RateLimited:
        raise
    except Exception:
        logger.warning(
            "Rate limits unavailable (%s): letting the call through", what, exc_info=True
        )


def _now() -> float:
    return time.time()


def _cache():
    return caches["default"]


def _key(*parts: str) -> str:
    who = hashlib.sha256(parts[-1].encode()).hexdigest()[:24]
    return ":".join((settings.RATE_LIMIT_NAMESPACE, *parts[:-1], who))


def _incr(key: str, ttl: int) -> int:
    cache = _cache()
    cache.add(key, 0, timeout=ttl)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=ttl)
        return 1


def hit(bucket: str, who: str, rate: Rate | None, *, what: str) -> None:
    """Count one call by ``who``; raises RateLimited when over ``rate``."""
    if rate is None:
        return
    now = _now()
    window = int(now // rate.seconds)
    with _tolerant(bucket):
        count = _incr(_key("rate", bucket, str(window), who), rate.seconds + 1)
        if count > rate.limit:
            raise RateLimited(what, (window + 1) * rate.seconds - now)


def actor_key(user, ip: str | None) -> str:
    """Limits count per user when signed in, per client IP otherwise."""
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{ip or 'unknown'}"


class LoginGuard:
    WHAT = "failed sign-ins"

    def __init__(self, username: str, ip: str | None):
        self.subjects = [("user", username.strip().casefold(), settings.LOGIN_MAX_FAILURES)]
        if ip:
            self.subjects.append(("ip", ip, settings.LOGIN_MAX_FAILURES_PER_IP))

    def check(self) -> None:
        """Raises RateLimited while the name or the IP is locked out."""
        now = _now()
        with _tolerant("login check"):
            waits = [
                until - now
                for kind, who, _ in self.subjects
                if (until := _cache().get(_key("lock", kind, who))) is not None and until > now
            ]
            if waits:
                raise RateLimited(self.WHAT, max(waits))

    def failed(self) -> None:
        """Count a failure; raises RateLimited if it starts a lockout."""
        with _tolerant("login failure"):
            self._failed()

    def _failed(self) -> None:
        now = _now()
        lockouts = []
        for kind, who, threshold in self.subjects:
            failures = _incr(_key("fail", kind, who), settings.LOGIN_FAILURE_WINDOW)
            if failures < threshold:
                continue
            strikes = _incr(_key("strike", kind, who), STRIKE_MEMORY_SECONDS)
            seconds = min(
                settings.LOGIN_LOCKOUT_SECONDS * 2 ** min(strikes - 1, 30),
                settings.LOGIN_LOCKOUT_MAX_SECONDS,
            )
            _cache().set(_key("lock", kind, who), now + seconds, timeout=seconds + 1)
            _cache().delete(_key("fail", kind, who))
            lockouts.append(seconds)
        if lockouts:
            raise RateLimited(self.WHAT, max(lockouts))

    def succeeded(self) -> None:
        """A correct password clears the name's failures (not the IP's)."""
        with _tolerant("login success"):
            for kind, who, _ in self.subjects:
                if kind == "user":
                    _cache().delete_many([_key("fail", kind, who), _key("strike", kind, who)])


def create_ticket_rate() -> Rate | None:
    """Parsed once when the settings load (config/settings/accounts.py); None: no limit."""
    return settings.RATE_LIMIT_CREATE_TICKET


def classify_rate() -> Rate | None:
    return settings.RATE_LIMIT_CLASSIFY
