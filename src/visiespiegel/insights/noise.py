"""Cell-key perturbation of published counts (plain Python), as CBS, ONS and ABS use it.

Why. Suppression (`disclosure.protect`) makes sure no *sum or difference* of shown figures
isolates fewer than k people. But counts are non-negative whole numbers, so a solver can do
more than add and subtract: a school total in which nobody chose model 1 or 2, and a
region-wide role total in which nobody chose model 3, together say that the one intern
begeleider of that school chose model 4, although neither figure alone says anything about
them. Bounds like these come from exact counts; small noise takes them away.

How. Every response gets a *record key*: a secret, stable number (HMAC of the round's secret
key and the response id). Every published count is the number of people in a cell (a theme,
now or wanted, a model; or a transition), and the cell's key is the sum of its people's record
keys, modulo 2^32. A fixed table (`PTABLE`) turns (count, key) into a small change of -2..+2
that never makes a count negative. So:

- the same people in the same cell always get the same change: publishing again, or the same
  people seen through another filter, shows the same number, and averaging many views gains
  nothing;
- one more person (or one revised answer) gives the cell a new key and an unrelated change:
  the difference of two figures that differ by one person is that person plus noise of up to
  +-4, not their answer;
- a count of 0 is changed too (keyed by the group's people and the cell's position), so a shown
  0 does not prove that nobody chose a model: a 0 or 1 or 2 is shown for a true 0. Without
  this, zeros of different groups could still be combined into one person's answer.

What it costs. The people count n of a group is exact (participation shows it anyway); each
count is off by at most 2, in 60 % (0: 80 %) of the cells not at all. Means and consensus are
computed from the published counts; `bench/disclosure.py` measures the difference.
"""

from __future__ import annotations

import hashlib
import hmac
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate

MODULUS = 2**32

# Changes and their probabilities (in 1/100), for a true count of 0, of 1, and of 2 or more.
# Symmetric from 2 on, so nothing is added on average where it matters; never below zero.
PTABLE: dict[int, tuple[tuple[int, int], ...]] = {
    0: ((0, 80), (1, 15), (2, 5)),
    1: ((-1, 20), (0, 60), (1, 15), (2, 5)),
    2: ((-2, 5), (-1, 15), (0, 60), (1, 15), (2, 5)),
}
LARGEST_CHANGE = 2
_THRESHOLDS = {count: list(accumulate(p for _d, p in row)) for count, row in PTABLE.items()}
_CHANGES = {count: [d for d, _p in row] for count, row in PTABLE.items()}


def record_key(secret: bytes, response_id: int) -> int:
    """A response's record key: uniform in [0, 2^32), unknowable without the secret."""
    digest = hmac.new(secret, f"record:{response_id}".encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:4], "big")


def change(count: int, key: int) -> int:
    """The change the table gives a cell with this true count and cell key."""
    row = min(count, 2)
    return _CHANGES[row][bisect_right(_THRESHOLDS[row], (key % MODULUS) * 100 // MODULUS)]


def _empty_cell_key(group_key: int, position: int) -> int:
    """The key of a cell nobody is in: fixed by the group's people and the cell's place (a
    multiplicative hash; the group key is already secret and uniform)."""
    mixed = (group_key + position * 0x9E3779B9) % MODULUS
    mixed = ((mixed ^ (mixed >> 16)) * 0x45D9F3B) % MODULUS
    return ((mixed ^ (mixed >> 16)) * 0x45D9F3B) % MODULUS


def perturb(vector: Sequence[int], keys: Sequence[int]) -> list[int]:
    """A group's published vector: n (position 0) exact, every count changed by its cell key.

    `keys` has the vector's layout: at position 0 the sum of all its people's record keys, and
    at every other position the sum of the record keys of the people counted there."""
    group_key = keys[0]
    return [vector[0]] + [
        count + change(count, keys[position] if count else _empty_cell_key(group_key, position))
        for position, count in enumerate(vector[1:], start=1)
    ]
