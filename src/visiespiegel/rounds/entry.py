"""The one check behind every path that takes a code: the join form, every /d/CODE/... page,
unit and personal links, private links and the join API.

An unknown code is answered the same way everywhere (404), and every failure counts against
the client's network: its address cut to a network prefix (/24 for IPv4, /56 for IPv6), hashed
with the secret key and the current minute, and kept in the shared cache for two minutes. No
address is stored. A network that fails more than JOIN_FAILURES_PER_NETWORK times in a minute
waits for the rest of that minute (429), whatever it tries; other networks are never refused
because of it. When all networks together fail more than JOIN_GLOBAL_FAILURE_CEILING times in
a minute (many networks guessing at once), every network's budget drops to
JOIN_FAILURES_UNDER_ATTACK, so only networks that guess wrong are slowed.

A valid code costs no cache read: the shared counters are read and written only on a
failure, and a process remembers the networks it found over budget until the minute ends.
With several processes a network gets at most one extra answer per process before each of
them knows.

With 8-character codes from a 31-letter alphabet, 50 live rounds and 30 failures a minute,
one network needs on average 31^8 / 50 / 30 minutes (about 1,100 years) to hit a live code;
old 6-character codes take about 13 months.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache

from visiespiegel.rounds.models import Round
from visiespiegel.rounds.selectors import find_round


class UnknownCode(Exception):
    """No round (or personal code, or private link) by that code."""


class TooManyTries(Exception):
    """This network guessed wrong too often this minute."""


def client_network(request) -> str:
    """The client's network prefix. Behind PROXY_HOPS trusted proxies the address comes from
    X-Forwarded-For, counted from the right."""
    address = request.META.get("REMOTE_ADDR", "")
    hops = settings.PROXY_HOPS
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    prefix = 24 if ip.version == 4 else 56
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def _minute() -> int:
    return int(time.time() // 60)


def _network_key(request, minute: int) -> str:
    salted = f"{settings.SECRET_KEY}:{minute}:{client_network(request)}".encode()
    return "join-failures:" + hashlib.sha256(salted).hexdigest()


def _global_key(minute: int) -> str:
    return f"join-failures-all:{minute}"


def _count(key: str) -> int:
    if cache.add(key, 1, 120):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, 120)
        return 1


# Networks this process found over budget: key -> (minute, budget). Confirmed against the
# shared counter before refusing (a cleared cache unblocks), so only these cost a read.
_blocked: dict[str, tuple[int, int]] = {}


def too_many_tries(request) -> bool:
    minute = _minute()
    key = _network_key(request, minute)
    found = _blocked.get(key)
    return found is not None and found[0] == minute and cache.get(key, 0) >= found[1]


def record_failure(request) -> None:
    """Count a failure; a network now over its budget is refused for the rest of the minute."""
    minute = _minute()
    key = _network_key(request, minute)
    failures = _count(key)
    limit = settings.JOIN_FAILURES_PER_NETWORK
    if _count(_global_key(minute)) >= settings.JOIN_GLOBAL_FAILURE_CEILING:
        limit = settings.JOIN_FAILURES_UNDER_ATTACK
    if failures >= limit:
        for stale in [k for k, (at, _limit) in _blocked.items() if at != minute]:
            del _blocked[stale]
        _blocked[key] = (minute, limit)


def round_for_code(request, code: str) -> Round:
    """The round by this code (any spelling), or UnknownCode / TooManyTries."""
    if too_many_tries(request):
        raise TooManyTries
    round_ = find_round(code)
    if round_ is None:
        record_failure(request)
        raise UnknownCode
    return round_


def check_secret(request, found) -> None:
    """A personal code or private token looked up after the round: a miss counts too."""
    if found is None:
        record_failure(request)
        raise UnknownCode
