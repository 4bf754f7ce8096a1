"""The one check behind every path that takes a code: the join form, every /d/CODE/... page,
unit and personal links, private links, the join API and the phones of a live session.

An unknown code is answered the same way everywhere (404), and every failure counts against
the client's network: its address cut to a network prefix (/24 for IPv4, /56 for IPv6). What
counts is the number of distinct wrong codes a network tried in the last minute, so one pupil
typing the same wrong code again and again counts once. A network that reaches
JOIN_FAILURES_PER_NETWORK is refused (429) until enough of its failures are more than a minute
old; other networks are never refused because of it. When all networks together reach
JOIN_GLOBAL_FAILURE_CEILING in the last minute (many networks guessing at once), every
network's budget drops to JOIN_FAILURES_UNDER_ATTACK, so only networks that guess wrong slow
down.

Whoever is already in is never refused: a request that carries the cookie of a draft (or of
the profile it became) in that very round passes, however many wrong codes its network tried,
and so does a phone that voted in that live session (dialogue/live.py). The cookie is checked
against the database (one indexed query), only when the network is over its budget.

The counters live in the "counters" cache (settings.CACHES), shared by all processes: per
network and per ten seconds, under a hash of the network with the secret key and those ten
seconds, kept under two minutes; a tried code as a hash of network and code, for a minute and
ten seconds. No address and no code is stored. A minute is read as the current and the six
previous ten-second slices, so a failure counts for 60 to 70 seconds.

A valid code costs no cache read: the shared counters are read and written only on a
failure, and a process remembers the networks it found over budget (in memory) until the
counters say they are under it again. With several processes a network gets at most one
extra answer per process before each of them knows.

With 8-character codes from a 31-letter alphabet, 50 live rounds and 30 failures a minute,
one network needs on average 31^8 / 50 / 30 minutes (about 1,100 years) to hit a live code;
old 6-character codes take about 13 months.
"""

from __future__ import annotations

import hashlib
import ipaddress
import time

from django.conf import settings
from django.core.cache import caches

from visiespiegel.rounds import codes
from visiespiegel.rounds.models import Draft, Round
from visiespiegel.rounds.selectors import find_round

WINDOW = 60  # seconds a failure counts (up to one SLICE more)
SLICE = 10  # counters are kept per slice of this many seconds


class UnknownCode(Exception):
    """No round (or personal code, or private link) by that code."""


class TooManyTries(Exception):
    """This network guessed wrong too often in the last minute."""


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


def draft_cookie(code: str) -> str:
    """The cookie that holds a participant's draft token; one per round, sent to /d/CODE/."""
    return f"vs_{codes.normalise_code(code)}"


def holds_draft(request, round_: Round) -> bool:
    """Whether the request carries the token of a draft (submitted or not) in this round."""
    token = request.COOKIES.get(draft_cookie(round_.code))
    if not token:
        return False
    return Draft.objects.filter(round=round_, token_digest=codes.digest(token)).exists()


def _now() -> float:
    return time.time()


def _hash(*parts) -> str:
    return hashlib.sha256(":".join([settings.SECRET_KEY, *map(str, parts)]).encode()).hexdigest()


# Key prefixes sort so that a cull, should the counters ever outgrow their table, takes the
# most numerous and least important keys first (Django's database cache culls the keys that
# sort lowest): tried codes, then networks, then the total.
def _tried_key(network: str, tried: str) -> str:
    return "join-code:" + _hash("code", network, tried)


def _network_key(network: str, slice_: int) -> str:
    return "join-net:" + _hash(slice_, network)


def _total_key(slice_: int) -> str:
    return f"join-total:{slice_}"


def _slices() -> range:
    current = int(_now() // SLICE)
    return range(current - WINDOW // SLICE, current + 1)


def _count(key: str) -> None:
    """Add one to a slice's counter; incr first, as the total's counter mostly exists."""
    counters = caches["counters"]
    try:
        counters.incr(key)
    except ValueError:  # the slice's first failure
        # The last read of a slice comes WINDOW + SLICE after it began.
        if not counters.add(key, 1, WINDOW + 2 * SLICE):
            counters.incr(key)  # another process added it meanwhile


def standing(network: str) -> tuple[int, int]:
    """The network's distinct failures in the last minute, and its budget now (one read)."""
    slices = _slices()
    own = [_network_key(network, s) for s in slices]
    total = [_total_key(s) for s in slices]
    found = caches["counters"].get_many(own + total)
    failures = sum(found.get(key, 0) for key in own)
    budget = settings.JOIN_FAILURES_PER_NETWORK
    if sum(found.get(key, 0) for key in total) >= settings.JOIN_GLOBAL_FAILURE_CEILING:
        budget = settings.JOIN_FAILURES_UNDER_ATTACK
    return failures, budget


# Networks this process found over budget (by hash): when it found them. Confirmed against
# the shared counters before refusing (a cleared cache unblocks), so only these cost a read.
_blocked: dict[str, float] = {}


def too_many_tries(request) -> bool:
    network = client_network(request)
    key = _hash("blocked", network)
    if key not in _blocked:
        return False
    failures, budget = standing(network)
    if failures >= budget:
        return True
    del _blocked[key]
    return False


def record_failure(request, tried: str) -> None:
    """Count a wrong code (or personal code, or private link; normalised by the caller) unless
    this network tried it in the last minute; a network now at its budget is refused until it
    is under it again."""
    network = client_network(request)
    counters = caches["counters"]
    if not counters.add(_tried_key(network, tried), 1, WINDOW + SLICE):
        return
    current = _slices()[-1]
    _count(_network_key(network, current))
    _count(_total_key(current))
    failures, budget = standing(network)
    if failures >= budget:
        now = _now()
        for stale in [k for k, at in _blocked.items() if at < now - WINDOW - SLICE]:
            del _blocked[stale]
        _blocked[_hash("blocked", network)] = now


def round_for_code(request, code: str) -> Round:
    """The round by this code (any spelling), or UnknownCode / TooManyTries. A participant of
    the round (holds_draft) passes even when the network is over its budget."""
    refused = too_many_tries(request)
    round_ = find_round(code)
    if refused and (round_ is None or not holds_draft(request, round_)):
        raise TooManyTries
    if round_ is None:
        record_failure(request, codes.normalise_code(code))
        raise UnknownCode
    return round_


def check_secret(request, found, tried: str) -> None:
    """A personal code or private token looked up after the round: a miss counts too."""
    if found is None:
        record_failure(request, tried)
        raise UnknownCode
