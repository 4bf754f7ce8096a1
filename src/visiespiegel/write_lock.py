"""One writer at a time per process on SQLite.

SQLite allows one writer at a time. When many threads of a worker process try at once, the
losers sleep in SQLite's busy handler with growing back-off, so a few unlucky requests wait
seconds. Queuing them on a lock in the process first is fair and fast; across worker
processes SQLite's own locking (WAL, busy timeout) still applies. On PostgreSQL this is a
no-op: its row locks handle concurrent writers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import nullcontext
from functools import wraps
from typing import TypeVar

from django.db import connection

_lock = threading.RLock()  # re-entrant: a locked service may call another
F = TypeVar("F", bound=Callable)


def write_lock():
    return _lock if connection.vendor == "sqlite" else nullcontext()


def serialized_write(func: F) -> F:
    @wraps(func)
    def wrapper(*args, **kwargs):
        with write_lock():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]
