"""One Redis connection pool per process, whatever the number of clients built on it.

Django keeps its cache objects per async context, so each websocket and each request
built its own ``RedisCache`` with its own pool: 1,000 idle websockets held 1,015
connections, released only by the garbage collector.  ``SharedConnectionPool`` (the
cache's ``pool_class``) hands every client built from the same URL and options the same
pool; the live updates' publisher uses ``shared_client``.  redis-py's pools are
thread-safe and start afresh in a forked child.
"""

from __future__ import annotations

import threading

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

# A Redis that hangs rather than refuses must not hold a request for long.
SOCKET_TIMEOUT = 2
# Idle pooled connections are pinged before use after this long: a Redis restart leaves
# them dead, and a write must not be the one that finds out.
HEALTH_CHECK_SECONDS = 15
# A failed command is retried twice on a fresh connection: what a Redis restart leaves in
# the pool is dead.  (One object, so equal options make equal pool keys.)
RETRY = Retry(ExponentialBackoff(cap=0.2, base=0.02), 2)


class SharedConnectionPool(redis.ConnectionPool):
    _pools: dict[tuple, redis.ConnectionPool] = {}
    _lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str, **kwargs) -> redis.ConnectionPool:
        key = (url, tuple(sorted((name, repr(value)) for name, value in kwargs.items())))
        with cls._lock:
            pool = cls._pools.get(key)
            if pool is None:
                pool = cls._pools[key] = super().from_url(url, **kwargs)
            return pool


def cache_options() -> dict:
    """OPTIONS for Django's RedisCache."""
    return {
        "pool_class": "config.redis_pools.SharedConnectionPool",
        "socket_connect_timeout": SOCKET_TIMEOUT,
        "socket_timeout": SOCKET_TIMEOUT,
        "health_check_interval": HEALTH_CHECK_SECONDS,
        "retry": RETRY,
    }


def shared_client(url: str) -> redis.Redis:
    """A client on this process's pool for ``url``."""
    pool = SharedConnectionPool.from_url(
        url,
        socket_connect_timeout=SOCKET_TIMEOUT,
        socket_timeout=SOCKET_TIMEOUT,
        health_check_interval=HEALTH_CHECK_SECONDS,
        retry=RETRY,
    )
    return redis.Redis(connection_pool=pool)
