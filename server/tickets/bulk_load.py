"""Fast PostgreSQL loading of many ticket rows, for `manage.py seed_demo`.

Two cores, kept busy at each stage:
  * `copy_from_producer`: the rows are generated and written as COPY text in a child
    process while PostgreSQL parses and stores them, so Python and the server each use a
    core (generating in the loading process would leave one of them waiting);
  * `build_indexes`: each CREATE INDEX on its own connection, two at a time.  PostgreSQL 15
    builds a GIN index on one core, and the trigram index on `description` is most of the
    load's cost: it runs on one core while the other builds everything else.

Separate connections see only committed rows, so the index builds come after the data's
commit; see seed_demo's docstring for what that means when one fails.
"""

from __future__ import annotations

import multiprocessing
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime

from django.contrib.postgres.indexes import GinIndex
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Index, Model

# Bytes of COPY text per message from the producer: big enough that relaying costs
# nothing, small enough that the pipe keeps memory flat.
BLOCK = 1 << 20
BUILD_CONNECTIONS = 2
# Per build connection; GIN builds flush their entries to the index when this fills up.
BUILD_MEMORY = "1GB"

_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_DATA, _END, _ERROR = b"D", b"Z", b"E"


def copy_text(row: tuple) -> str:
    """One row in COPY's text format (tab-separated, \\N for NULL, escapes per field)."""
    return "\t".join(map(_copy_field, row)) + "\n"


def _copy_field(value) -> str:
    # Called ten million times for a large load: the common cases first, and strings are
    # searched (fast) before being translated (slow) only when they need escaping.
    if value.__class__ is str:
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            return value.translate(_ESCAPES)
        return value
    if value is None:
        return r"\N"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value).translate(_ESCAPES)


def copy_rows(table: str, columns: Iterable[str], blocks: Iterator[bytes], *, freeze=False):
    """COPY the COPY-text `blocks` into `table` over Django's connection (its transaction)."""
    names = ", ".join(connection.ops.quote_name(name) for name in columns)
    options = " WITH (FREEZE)" if freeze else ""
    # The psycopg 3 connection under Django's wrapper: COPY is not in the DB-API.
    connection.ensure_connection()
    with connection.connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN{options}") as copy:
            for block in blocks:
                copy.write(block)


def text_blocks(rows: Iterable[tuple]) -> Iterator[bytes]:
    """The rows as COPY text, about BLOCK bytes at a time."""
    lines: list[str] = []
    size = 0
    for row in rows:
        line = copy_text(row)
        lines.append(line)
        size += len(line)
        if size >= BLOCK:
            yield "".join(lines).encode()
            lines, size = [], 0
    if lines:
        yield "".join(lines).encode()


def produced_blocks(make_rows: Callable[[], Iterable[tuple]]) -> Iterator[bytes]:
    """text_blocks(make_rows()), computed in a child process (forked: `make_rows` need not
    pickle).  The pipe holds a block or two, so a slow reader slows the child instead of
    filling memory.  An error in the child is raised here with its traceback; leaving the
    loop early (an error in COPY) stops the child."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_produce, args=(make_rows, sender), daemon=True)
    child.start()
    sender.close()
    try:
        while True:
            try:
                message = receiver.recv_bytes()
            except EOFError:
                raise RuntimeError("The row generator exited without finishing.") from None
            tag, payload = message[:1], memoryview(message)[1:]
            if tag == _END:
                break
            if tag == _ERROR:
                raise RuntimeError(f"Generating the rows failed:\n{bytes(payload).decode()}")
            yield payload
    finally:
        receiver.close()
        if child.is_alive():
            child.terminate()
        child.join()


def _produce(make_rows, sender) -> None:
    try:
        for block in text_blocks(make_rows()):
            sender.send_bytes(_DATA + block)
        sender.send_bytes(_END)
    except BrokenPipeError:
        pass  # the loader gave up
    except BaseException:  # noqa: BLE001 - reported to the loader, which raises it
        sender.send_bytes(_ERROR + traceback.format_exc().encode())
    finally:
        sender.close()


def build_order(indexes: list[Index]) -> list[Index]:
    """GIN indexes first (minutes at 10 million rows, against seconds for a B-tree), so
    the longest builds start at once, each on its own connection, and the B-trees fill in
    behind whichever finishes first."""
    return sorted(indexes, key=lambda index: not isinstance(index, GinIndex))


def build_indexes(model: type[Model], indexes: list[Index]) -> dict[str, BaseException]:
    """Create `indexes` on BUILD_CONNECTIONS new connections (autocommit: each index is
    committed when built), taking them in build_order.  Returns the failures by index name;
    a failure does not stop the other builds."""
    queue = build_order(indexes)
    lock = threading.Lock()
    failures: dict[str, BaseException] = {}

    def work() -> None:
        own = connections.create_connection(DEFAULT_DB_ALIAS)
        try:
            with own.cursor() as cursor:
                cursor.execute(f"SET maintenance_work_mem = '{BUILD_MEMORY}'")
            while True:
                with lock:
                    if not queue:
                        return
                    index = queue.pop(0)
                try:
                    with own.schema_editor(atomic=False) as editor:
                        editor.add_index(model, index)
                except Exception as error:  # noqa: BLE001 - reported to the caller
                    failures[index.name] = error
        finally:
            own.close()

    workers = [threading.Thread(target=work) for _ in range(min(BUILD_CONNECTIONS, len(queue)))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return failures
