"""The table a round publishes from (plain Python).

The table. A *group* is (unit, role): the responses in the unit's subtree (unit None: the
whole round) with that role (role None: all roles). An *atom* is (unit, role) for the
responses *directly* at a unit (unit None: responses without a unit). Every figure of a group
(n, counts per model, transitions) is the sum of its atoms' figures, so whoever holds the shown
groups can compute exactly their linear combinations, and nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from visiespiegel.organisations.tree import Tree

Group = tuple[int | None, str | None]
Atom = tuple[int | None, str]


def groups(tree: Tree, roles: Sequence[str]) -> list[Group]:
    """Every group of the table: the whole round first, then the units top-down; all roles
    before each role."""
    return [(unit, role) for unit in [None, *tree] for role in [None, *roles]]


def group_sizes(tree: Tree, roles: Sequence[str], people: Mapping[Atom, int]) -> dict[Group, int]:
    """People per group, in one bottom-up pass."""
    sizes: dict[Group, int] = dict.fromkeys(groups(tree, roles), 0)
    for (unit, role), n in people.items():
        if unit is not None and unit not in tree:
            raise ValueError(f"unit {unit} is not in the tree")
        sizes[unit, role] += n
    for unit in tree.bottom_up():
        up = tree.parent[unit]
        for role in roles:
            sizes[up, role] += sizes[unit, role]
    for unit in [None, *tree]:
        sizes[unit, None] = sum(sizes[unit, role] for role in roles)
    return sizes
