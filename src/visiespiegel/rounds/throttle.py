"""A global budget for failed join-code look-ups, kept in the cache.

Code guessing is slowed without knowing who guesses: no IP address is stored or even hashed.
When more than JOIN_FAILURE_LIMIT look-ups fail within a minute, every look-up at the entry
points (join form, intro page, join API) is refused for the rest of that minute. Valid look-ups
never count, so a whole school behind one address joins freely; only during an attack may a
newcomer be asked to wait a minute.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache


def _key() -> str:
    return f"join-failures:{int(time.time() // 60)}"


def join_blocked() -> bool:
    return cache.get(_key(), 0) >= settings.JOIN_FAILURE_LIMIT


def record_failure() -> None:
    key = _key()
    if not cache.add(key, 1, 120):
        try:
            cache.incr(key)
        except ValueError:
            cache.add(key, 1, 120)
