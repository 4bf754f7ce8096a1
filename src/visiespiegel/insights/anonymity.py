"""Who may see what: the anonymity threshold and the differencing rule (plain Python).

A group of fewer than k responses shows no figure at all. A subgroup S of a shown group P is
suppressed too when |P| - |S| is between 1 and k - 1: otherwise subtracting S from P would
reveal a group smaller than k. For a filtered group the parents are the same query without the
role filter, and the same query with the unit replaced by its parent unit (no unit filter at the
top).

The check runs against every ancestor, not only the direct parents: a parent may itself be
suppressed (by its own parent) while the grandparent is shown, and the grandparent minus S would
then reveal a small group. Any ancestor of at least k responses counts as possibly shown.
"""

from __future__ import annotations

from collections.abc import Iterable


def too_small(n: int, k: int) -> bool:
    return n < k


def reveals_by_difference(n: int, parent_n: int, k: int) -> bool:
    return 1 <= parent_n - n <= k - 1


def suppressed(n: int, ancestor_sizes: Iterable[int], k: int) -> bool:
    """True when a group of n responses, with these ancestor group sizes, must not be shown.

    An ancestor of fewer than k is never shown, so nothing can be subtracted from it.
    """
    if too_small(n, k):
        return True
    return any(
        not too_small(size, k) and reveals_by_difference(n, size, k) for size in ancestor_sizes
    )
