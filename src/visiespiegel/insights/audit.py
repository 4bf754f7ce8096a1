"""Audits of a publication pattern, independent of how `disclosure.protect` or `noise` chose
it (plain Python; the LP through scipy's HiGHS). Two attackers:

- `audit` / `leaks`: a spreadsheet. What can be computed exactly by adding and subtracting
  shown figures: every smallest set of cells holding 1..k-1 people that some combination of
  the shown groups isolates.
- `bounds`: a solver. Counts are non-negative whole numbers, so with the people per cell known
  (the worst case: participation shows them per unit and per role, a coordinator may know
  them per school and role), every published count bounds the counts inside it. `bounds`
  computes, by linear programming, the smallest and largest possible number of people in a
  hidden group who chose each model, for each theme and question; `exposures` says where that
  pins answers.

Worked example (k = 5, exact counts, no noise). A school of 20 answered: 10 teachers, 8
parents, 1 intern begeleider (IB) and 1 zorgprofessional. The school is shown, and so are its
teachers and the region's 12 IBs; the parents, the IB and the zorgprofessional are hidden. For
theme 1 (now) the school shows [9, 11, 0, 0], the teachers [4, 6, 0, 0] and the region's IBs
[0, 7, 3, 2]. No sum or difference isolates anyone (the school minus its teachers holds 10
people), so `leaks` finds nothing. But the school's zeros say its IB chose model 1 or 2, and the
IBs' zero says not model 1: the IB chose model 2, and `bounds` gives (0, 0), (1, 1), (0, 0),
(0, 0). With cell-key noise (noise.py) the zeros may be published as 1 or 2 and other counts
moved by up to 2: read as exact, the figures of a whole region contradict each other (no
solution); read as "within 2", they leave the IB at (0, 1) for every model.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import count

from visiespiegel.insights.table import Atom, Group
from visiespiegel.insights.vectors import Layout
from visiespiegel.organisations.tree import Tree


def audit(
    tree: Tree, roles: Sequence[str], people: Mapping[Atom, int], shown: Iterable[Group], k: int
) -> list[frozenset[Atom]]:
    """Every smallest set of atoms holding 1..k-1 people such that some combination of the
    shown groups' figures is nonzero on it and zero everywhere else: what an attacker with the
    shown figures and a spreadsheet could learn about fewer than k people. Empty atoms are
    treated as known to be empty. [] means the pattern is safe."""
    atoms = [a for a, n in sorted(people.items(), key=lambda item: str(item[0])) if n > 0]
    rows = [
        [1 if tree.within(unit, g[0]) and g[1] in (None, role) else 0 for unit, role in atoms]
        for g in shown
    ]
    first = count()
    people_of = [frozenset(next(first) for _ in range(people[a])) for a in atoms]
    return [frozenset(atoms[i] for i in leak) for leak in leaks(rows, people_of, k)]


def leaks(
    rows: Sequence[Sequence[int]], people: Sequence[frozenset[Hashable]], k: int
) -> list[frozenset[int]]:
    """For published rows over columns (each column a set of people): every smallest set of
    columns S with 1..k-1 people in all such that some nonzero combination of the rows is
    zero outside S. That holds exactly when the null space of the rows, restricted to S, has
    rank below |S| (a vector in the row space vanishing outside S is orthogonal to it)."""
    columns = len(people)
    basis = _null_space(rows, columns)
    light = [c for c in range(columns) if 0 < len(people[c]) < k]
    found: list[frozenset[int]] = []

    def search(start: int, chosen: list[int], who: frozenset) -> None:
        for position in range(start, len(light)):
            column = light[position]
            together = who | people[column]
            if len(together) >= k:
                continue
            subset = [*chosen, column]
            key = frozenset(subset)
            if any(leak <= key for leak in found):
                continue
            if _rank([[vector[c] for c in subset] for vector in basis]) < len(subset):
                found.append(key)
                continue
            search(position + 1, subset, together)

    search(0, [], frozenset())
    return found


def _null_space(rows: Sequence[Sequence[int]], columns: int) -> list[list[Fraction]]:
    matrix = [[Fraction(x) for x in row] for row in rows]
    pivots: list[int] = []
    top = 0
    for column in range(columns):
        pivot = next((i for i in range(top, len(matrix)) if matrix[i][column]), None)
        if pivot is None:
            continue
        matrix[top], matrix[pivot] = matrix[pivot], matrix[top]
        scale = matrix[top][column]
        matrix[top] = [x / scale for x in matrix[top]]
        for i, row in enumerate(matrix):
            if i != top and row[column]:
                factor = row[column]
                matrix[i] = [a - factor * b for a, b in zip(row, matrix[top], strict=True)]
        pivots.append(column)
        top += 1
    basis = []
    for free in (c for c in range(columns) if c not in pivots):
        vector = [Fraction(0)] * columns
        vector[free] = Fraction(1)
        for row, pivot in zip(matrix, pivots, strict=False):
            vector[pivot] = -row[free]
        basis.append(vector)
    return basis


def _rank(matrix: list[list[Fraction]]) -> int:
    matrix = [list(row) for row in matrix]
    rank = 0
    columns = len(matrix[0]) if matrix else 0
    for column in range(columns):
        pivot = next((i for i in range(rank, len(matrix)) if matrix[i][column]), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        for i in range(rank + 1, len(matrix)):
            if matrix[i][column]:
                factor = matrix[i][column] / matrix[rank][column]
                matrix[i] = [a - factor * b for a, b in zip(matrix[i], matrix[rank], strict=True)]
        rank += 1
    return rank


# ---------------------------------------------------------------------------------------------
# Bounds: linear programming over the published counts

NOW, WANTED = 0, 1


@dataclass(frozen=True)
class Figure:
    """One published vector (layout of vectors.py) and the pieces of people it sums. A piece is
    whatever the caller knows the size of: an atom, or an atom's people of one period."""

    pieces: frozenset[Hashable]
    vector: Sequence[int]


Bounds = dict[tuple[int, int], list[tuple[int, int]]]  # (theme, kind) -> (low, high) per model


class _Program:
    """The linear program of one theme: a variable per piece and (now, wanted) pair, how many
    of the piece's people gave that pair; rows that say what is known about sums of them."""

    def __init__(self, models: int, pieces: int, slack: int):
        self.m, self.slack = models, slack
        self.width = pieces * models * models
        self.rows: list[list[int]] = []
        self.low: list[int] = []
        self.high: list[int] = []

    def var(self, piece: int, now: int, wanted: int) -> int:
        return (piece * self.m + now) * self.m + wanted

    def known(self, variables: list[int], value: int, exact: bool = False) -> None:
        """The sum of these variables is `value` (give or take the slack unless `exact`)."""
        wobble = 0 if exact else self.slack
        self.rows.append(variables)
        self.low.append(max(0, value - wobble))
        self.high.append(value + wobble)

    def solver(self):
        """A function from an objective {variable: weight} to its minimum (None: infeasible)."""
        from scipy.optimize import linprog  # imported here: only audits and tests need scipy
        from scipy.sparse import csr_matrix, vstack

        def matrix(indices: list[int]):
            data, columns, starts = [], [], [0]
            for i in indices:
                columns.extend(self.rows[i])
                data.extend([1] * len(self.rows[i]))
                starts.append(len(columns))
            return csr_matrix((data, columns, starts), shape=(len(indices), self.width))

        equal = [i for i, (a, b) in enumerate(zip(self.low, self.high, strict=True)) if a == b]
        ranged = [i for i, (a, b) in enumerate(zip(self.low, self.high, strict=True)) if a != b]
        options = {"A_eq": matrix(equal), "b_eq": [self.low[i] for i in equal]}
        if ranged:
            options["A_ub"] = vstack([matrix(ranged), -matrix(ranged)])
            options["b_ub"] = [self.high[i] for i in ranged] + [-self.low[i] for i in ranged]

        def solve(objective: Mapping[int, int]) -> float | None:
            c = [0.0] * self.width
            for variable, weight in objective.items():
                c[variable] = weight
            result = linprog(c, bounds=(0, None), method="highs", **options)
            return result.fun if result.status == 0 else None

        return solve


def bounds(
    layout: Layout,
    sizes: Mapping[Hashable, int],
    figures: Sequence[Figure],
    hidden: Mapping[Hashable, Iterable[Hashable]],
    *,
    slack: int = 0,
    quick: bool = False,
) -> dict[Hashable, Bounds] | None:
    """For every hidden group (a set of pieces), theme and question (now, wanted): the lowest
    and highest number of its people who may have chosen each model, given the pieces' sizes
    and that every published count lies within `slack` of the truth (0: exact). None when no
    table of counts fits the figures at all (what an attacker who reads noisy figures as exact
    finds). `quick`: per theme and question, stop at the first model whose count is not fixed
    (enough to tell whether the distribution is pinned)."""
    pieces = [p for p, n in sizes.items() if n > 0]
    column = {p: i for i, p in enumerate(pieces)}
    m = len(layout.models)
    found: dict[Hashable, Bounds] = {name: {} for name in hidden}
    for t in range(len(layout.themes)):
        program = _Program(m, len(pieces), slack)
        var = program.var
        for p, piece in enumerate(pieces):
            program.known([var(p, i, j) for i in range(m) for j in range(m)], sizes[piece], True)
        for figure in figures:
            inside = [column[p] for p in figure.pieces if p in column]
            if not figure.vector[0] or not inside:
                continue
            for i in range(m):
                now = [var(p, i, j) for p in inside for j in range(m)]
                program.known(now, figure.vector[layout.count_at(t, NOW, i)])
                wanted = [var(p, j, i) for p in inside for j in range(m)]
                program.known(wanted, figure.vector[layout.count_at(t, WANTED, i)])
                for j in range(m):
                    cell = [var(p, i, j) for p in inside]
                    program.known(cell, figure.vector[layout.transition_at(t, i, j)])
        solve = program.solver()
        if solve({}) is None:
            return None
        for name, members in hidden.items():
            inside = [column[p] for p in members if p in column]
            for kind in (NOW, WANTED):
                per_model = []
                for model in range(m):
                    chosen = [
                        var(p, model, j) if kind == NOW else var(p, j, model)
                        for p in inside
                        for j in range(m)
                    ]
                    lowest = solve(dict.fromkeys(chosen, 1))
                    highest = solve(dict.fromkeys(chosen, -1))
                    per_model.append((_ceil(lowest), _floor(-highest)))
                    if quick and per_model[-1][0] != per_model[-1][1]:
                        break
                found[name][t, kind] = per_model
    return found


def _ceil(value: float) -> int:
    """The least whole number of people at or above an LP bound (with rounding slack)."""
    return math.ceil(value - 1e-6)


def _floor(value: float) -> int:
    return math.floor(value + 1e-6)


@dataclass(frozen=True)
class Exposure:
    group: Hashable
    theme: int
    kind: int
    counts: tuple[int, ...]  # the pinned count per model


def exposures(found: Mapping[Hashable, Bounds], sizes: Mapping[Hashable, int]) -> list[Exposure]:
    """Where the bounds pin a hidden group's whole distribution for a theme and question: for
    one person, their answer; for a few, exactly how many chose what."""
    pinned = []
    for group, per_theme in found.items():
        for (theme, kind), per_model in per_theme.items():
            if all(low == high for low, high in per_model):
                counts = tuple(low for low, _high in per_model)
                if sum(counts) == sizes[group]:
                    pinned.append(Exposure(group, theme, kind, counts))
    return pinned
