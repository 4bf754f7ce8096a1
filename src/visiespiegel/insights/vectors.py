"""A group's figures as one flat vector of counts, and the results dict made from it (no Django).

Every figure of a group is a sum over its responses, so a group's vector is the sum of the
vectors of the atoms in it. Layout, for T themes and M models in framework order:

    [n] + counts[theme][kind (now, wanted)][model] + transitions[theme][now model][wanted model]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from visiespiegel.insights import stats

ROUNDING = 4
KINDS = ("now", "wanted")


@dataclass(frozen=True)
class Layout:
    themes: tuple[str, ...]
    models: tuple[str, ...]

    @property
    def size(self) -> int:
        t, m = len(self.themes), len(self.models)
        return 1 + t * 2 * m + t * m * m

    def zeros(self) -> list[int]:
        return [0] * self.size

    def count_at(self, theme: int, kind: int, model: int) -> int:
        m = len(self.models)
        return 1 + (theme * 2 + kind) * m + model

    def transition_at(self, theme: int, now: int, wanted: int) -> int:
        t, m = len(self.themes), len(self.models)
        return 1 + t * 2 * m + (theme * m + now) * m + wanted

    def pair_at(self, theme: int, now: int, wanted: int) -> tuple[int, int, int]:
        """The three cells one person's pair for a theme counts in: the transition, the now
        model's count and the wanted model's count."""
        return (
            self.transition_at(theme, now, wanted),
            self.count_at(theme, 0, now),
            self.count_at(theme, 1, wanted),
        )


def add(total: list[int], vector: Sequence[int]) -> list[int]:
    """`total` plus `vector`, in place."""
    for i, value in enumerate(vector):
        if value:
            total[i] += value
    return total


def summed(layout: Layout, vectors: Iterable[Sequence[int]]) -> list[int]:
    total = layout.zeros()
    for vector in vectors:
        add(total, vector)
    return total


def _block(counts: dict[str, int]) -> dict:
    values = list(counts.values())
    return {
        "counts": counts,
        "mean": round(stats.mean_position(values), ROUNDING),
        "consensus": round(stats.consensus(values), ROUNDING),
    }


def figures(layout: Layout, vector: Sequence[int]) -> dict:
    """The results dict of the API, the CLI and the pages, for a group with answers."""
    models = layout.models
    themes, means = [], {kind: [] for kind in KINDS}
    for t, theme in enumerate(layout.themes):
        blocks, counts = {}, {}
        for k, kind in enumerate(KINDS):
            counts[kind] = {m: vector[layout.count_at(t, k, i)] for i, m in enumerate(models)}
            blocks[kind] = _block(counts[kind])
            means[kind].append(stats.mean_position(list(counts[kind].values())))
        transitions = {
            now: {wanted: vector[layout.transition_at(t, i, j)] for j, wanted in enumerate(models)}
            for i, now in enumerate(models)
        }
        themes.append(
            {
                "theme": theme,
                "now": blocks["now"],
                "wanted": blocks["wanted"],
                "shift": round(
                    stats.shift(list(counts["now"].values()), list(counts["wanted"].values())),
                    ROUNDING,
                ),
                "transitions": transitions,
            }
        )
    return {
        "n": vector[0],
        "suppressed": False,
        "profile": {kind: round(stats.profile_mean(means[kind]), ROUNDING) for kind in KINDS},
        "themes": themes,
    }
