"""Which model(s) of inclusion a distribution leans to most (plain Python, no Django).

One tie rule everywhere a page, report, plan or profile names "the" model of a group: every
model tied for the most answers counts, in the order given (the framework's order), and none
when nobody answered. A page that names one model
names them all, so two readers of the same figures never see a different "winner".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

Key = TypeVar("Key")


def dominant_models(counts: Mapping[Key, int]) -> list[Key]:
    """The keys holding the most answers: all of them when tied, in the order of `counts`;
    an empty list when every count is zero."""
    top = max(counts.values(), default=0)
    return [key for key, n in counts.items() if n == top] if top > 0 else []
