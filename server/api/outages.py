"""Which failures mean "the database cannot serve right now" rather than a bug.

A pool with no free connection within DB_POOL_TIMEOUT, a database that refuses or drops
connections, one that is shutting down or out of connections, a statement cancelled by
its timeout, an SQLite file locked past its busy timeout or that cannot be opened: the
client gets a 503 with ``Retry-After`` and ``extensions.code`` SERVICE_UNAVAILABLE
(api.views), and the log one warning line without a traceback.  Any other database error
is a bug: a JSON 500 (INTERNAL_SERVER_ERROR) and a logged traceback.
"""

from __future__ import annotations

import sqlite3

from django.db import InterfaceError, OperationalError

SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
UNAVAILABLE_MESSAGE = "The desk is overloaded or its database is unavailable; retry shortly."
# Seconds a client is asked to wait before retrying.
RETRY_AFTER_SECONDS = 5

# SQLSTATE classes and codes of a database that cannot take the work: connection
# exceptions, insufficient resources (too many connections), operator intervention
# (shutdown, starting up, statement timeout).
_UNAVAILABLE_SQLSTATE_CLASSES = ("08", "53")
_UNAVAILABLE_SQLSTATES = {"57P01", "57P02", "57P03", "57014"}
_SQLITE_UNAVAILABLE = ("locked", "busy", "unable to open database file", "disk I/O error")


def _unavailable_cause(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.OperationalError):
        # Locked past the busy timeout, or the file cannot be opened (its disk or folder
        # is away): a state that passes, not a bug in the request.
        return any(sign in str(exc) for sign in _SQLITE_UNAVAILABLE)
    try:
        import psycopg
        from psycopg_pool import PoolTimeout, TooManyRequests
    except ImportError:  # SQLite-only installs
        return False
    if isinstance(exc, PoolTimeout | TooManyRequests | psycopg.InterfaceError):
        return True
    if isinstance(exc, psycopg.OperationalError):
        sqlstate = exc.sqlstate
        # No SQLSTATE: the failure came from the connection itself, not from a statement.
        return (
            sqlstate is None
            or sqlstate[:2] in _UNAVAILABLE_SQLSTATE_CLASSES
            or sqlstate in _UNAVAILABLE_SQLSTATES
        )
    return False


def is_database_unavailable(exc: BaseException | None) -> bool:
    """True for Django's wrapped error of an outage or overload, and for the driver's own."""
    if exc is None:
        return False
    if isinstance(exc, OperationalError | InterfaceError):
        cause = exc.__cause__
        return _unavailable_cause(cause) if cause is not None else isinstance(exc, InterfaceError)
    return _unavailable_cause(exc)
