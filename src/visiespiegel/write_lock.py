"""One writer at a time on SQLite, across threads and processes.

SQLite allows one writer at a time. When many threads try at once, the losers sleep in
SQLite's busy handler with growing back-off, so a few unlucky requests wait seconds; and one
that waits longer than the busy timeout (a restore or a `round fill` in another process holding
the database for longer) fails with "database is locked": a participant's answer lost as a
500. So writers queue first on a lock in the process (fair and fast between threads), then on
an exclusive lock of a file beside the database (`<database>-write`, flock), which every web
worker and command of the installation shares and which waits as long as it takes. The
operating system releases it when a process dies, also by kill -9. On PostgreSQL this is a
no-op: its row locks handle concurrent writers.

Take the lock before the transaction (`@serialized_write` above `@transaction.atomic`). A
transaction that began without it already holds SQLite's write lock (transactions start
IMMEDIATE), so a locked function called inside one does not wait for the file as well.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import TypeVar

from django.db import connection

_lock = threading.RLock()  # re-entrant: a locked service may call another
_held = threading.local()  # how deep this thread is in the lock
_files: dict[tuple[int, str], int] = {}  # (process, database) -> open lock file
F = TypeVar("F", bound=Callable)

try:
    import fcntl
except ImportError:  # not POSIX: threads of one process still queue, processes rely on SQLite
    fcntl = None


def _lock_file(database: str) -> int | None:
    """The lock file of this database, opened once per process (a forked child opens its
    own: a lock taken through an inherited descriptor would be shared with the parent)."""
    if fcntl is None or database == ":memory:" or database.startswith("file:"):
        return None
    key = (os.getpid(), database)
    if key not in _files:
        _files[key] = os.open(f"{database}-write", os.O_RDWR | os.O_CREAT, 0o600)
    return _files[key]


@contextmanager
def _sqlite_lock() -> Iterator[None]:
    with _lock:
        depth = getattr(_held, "depth", 0)
        descriptor = None
        if depth == 0 and not connection.in_atomic_block:
            descriptor = _lock_file(str(connection.settings_dict["NAME"]))
        if descriptor is not None:
            fcntl.flock(descriptor, fcntl.LOCK_EX)  # waits for the other processes' writes
        _held.depth = depth + 1
        try:
            yield
        finally:
            _held.depth = depth
            if descriptor is not None:
                fcntl.flock(descriptor, fcntl.LOCK_UN)


@contextmanager
def write_lock() -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield
        return
    with _sqlite_lock():
        yield


def serialized_write(func: F) -> F:
    @wraps(func)
    def wrapper(*args, **kwargs):
        with write_lock():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
