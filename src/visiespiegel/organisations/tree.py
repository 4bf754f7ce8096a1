"""A unit tree from a parent map, walked once (plain Python, no Django).

Subtree membership, ancestors and depth come from one depth-first walk, so every question is
answered in constant or linear time, also for very deep or very wide trees.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping


class Tree:
    def __init__(self, parent: Mapping[int, int | None], order: Callable | None = None):
        """`order`: a sort key for siblings (default: by id)."""
        self.parent: dict[int, int | None] = dict(parent)
        self.children: dict[int | None, list[int]] = {}
        for unit in sorted(self.parent, key=order):
            up = self.parent[unit]
            if up is not None and up not in self.parent:
                up = self.parent[unit] = None  # a parent outside the map: treat as a top unit
            self.children.setdefault(up, []).append(unit)
        self.depth: dict[int, int] = {}
        self._enter: dict[int, int] = {}
        self._leave: dict[int, int] = {}
        self.order: list[int] = []  # depth first, parents before children
        self._walk()

    def _walk(self) -> None:
        stack: list[tuple[int, int, bool]] = [
            (unit, 0, False) for unit in reversed(self.children.get(None, []))
        ]
        while stack:
            unit, depth, done = stack.pop()
            if done:
                self._leave[unit] = len(self.order)
                continue
            self._enter[unit] = len(self.order)
            self.depth[unit] = depth
            self.order.append(unit)
            stack.append((unit, depth, True))
            stack.extend(
                (child, depth + 1, False) for child in reversed(self.children.get(unit, []))
            )
        # Units on a cycle (never reached from the top) are left out of the walk.
        for unit in self.parent:
            if unit not in self._enter:
                raise ValueError(f"unit {unit} is on a cycle")

    def __repr__(self) -> str:
        return f"Tree({self.parent!r})"

    def __contains__(self, unit: object) -> bool:
        return unit in self._enter

    def __iter__(self) -> Iterator[int]:
        return iter(self.order)

    def __len__(self) -> int:
        return len(self.order)

    def within(self, unit: int | None, top: int | None) -> bool:
        """Whether `unit` lies in the subtree of `top` (None: the whole tree, and units
        outside it: responses without a unit belong only to the whole)."""
        if top is None:
            return True
        if unit is None or unit not in self._enter:
            return False
        return self._enter[top] <= self._enter[unit] < self._leave[top]

    def subtree(self, top: int) -> list[int]:
        """`top` and everything below it, depth first."""
        return self.order[self._enter[top] : self._leave[top]]

    def ancestors(self, unit: int) -> list[int]:
        """The units above `unit`, nearest first."""
        found = []
        current = self.parent.get(unit)
        while current is not None:
            found.append(current)
            current = self.parent.get(current)
        return found

    def bottom_up(self) -> list[int]:
        """Children before their parents."""
        return list(reversed(self.order))
