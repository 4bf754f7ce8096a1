"""The numbers of PRODUCT.md, in plain Python (no Django): fed by counts the database made.

Models are positions k = 1..K in framework order; `counts[k - 1]` is how many chose model k.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TypeVar

Key = TypeVar("Key")


def total(counts: Sequence[float]) -> float:
    return float(sum(counts))


def mean_position(counts: Sequence[float]) -> float:
    """mu = sum p_k * k."""
    n = total(counts)
    if n <= 0:
        raise ValueError("no answers")
    return sum((k + 1) * c for k, c in enumerate(counts)) / n


def consensus(counts: Sequence[float]) -> float:
    """Tastle & Wierman (2007): 1 + sum p_k log2(1 - |k - mu| / (K - 1)), p_k = 0 left out.

    1 means everyone chose the same model; 0 an even split over the two extremes.
    """
    n = total(counts)
    width = len(counts) - 1
    if n <= 0 or width < 1:
        raise ValueError("no answers")
    mu = mean_position(counts)
    value = 1.0
    for k, c in enumerate(counts, start=1):
        if c:
            value += (c / n) * math.log2(1 - abs(k - mu) / width)
    # Guard the last bits of floating point noise, so 1 and 0 are exactly 1 and 0.
    return min(1.0, max(0.0, value))


def shift(now: Sequence[float], wanted: Sequence[float]) -> float:
    """mu(wanted) - mu(now): positive is towards the community end of the continuum."""
    return mean_position(wanted) - mean_position(now)


def profile_mean(means: Sequence[float]) -> float:
    """The mean of the theme means."""
    if not means:
        raise ValueError("no themes")
    return sum(means) / len(means)


def percentages(counts: Mapping[Key, int]) -> dict[Key, int]:
    """Whole percentages of a distribution that add up to exactly 100 (all zeros for an empty
    one), each within 1 of the exact share: every value is rounded down, and the points still
    missing go to the largest remainders (Hamilton's method). Equal remainders go to the
    earlier key, so 4, 4 and 4 of 12 are 34, 33 and 33 wherever they are shown. Every page,
    the report, the presenter and the signals say a share through this one function."""
    n = sum(counts.values())
    if not n:
        return dict.fromkeys(counts, 0)
    whole = {key: count * 100 // n for key, count in counts.items()}
    missing = 100 - sum(whole.values())
    # Integer remainders: no float can make two equal shares round differently.
    by_remainder = sorted(counts, key=lambda key: -(counts[key] * 100 % n))
    for key in by_remainder[:missing]:
        whole[key] += 1
    return whole
