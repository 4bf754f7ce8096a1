"""Which groups of a round may be published, shown to be safe against sums and differences,
also over time (plain Python).

The rule (PRODUCT.md): no combination of shown figures may isolate 1..k-1 people. Three rooms:
`table.py` (groups and atoms), `cutgraph.py` (why a graph decides it, for one period), and
this module: `protect`, which finds a pattern, also over time.

Over time. Each snapshot adds figures; between two updates a group's figures change by the
people who joined, revised or left in between. Split the columns by period (the time between
two snapshots): in each period the rows that cover it form the same kind of graph. Any
combination of published figures has a last period in which it is nonzero, and there it
involves at least the people its cut holds in that period's graph, so it suffices that every
period's graph has no cut below k. Checking from the newest period back, the later graphs also
say which rows such a combination cannot use: a row spanning into a later period, whose node
and the node above it lie in one connected part of that period's graph, has coefficient zero
(the combination vanishes there), so earlier periods merge it away (`protect`).

`protect` finds a pattern: primary suppression (groups of 1..k-1), then it hides more groups,
smallest role cells first, until no cut of fewer than k people is left. `audit.py` checks any
pattern independently: by exact linear algebra over the atoms (`audit.leaks`) and by linear
programming over the published counts (`audit.bounds`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from visiespiegel.insights.cutgraph import CutGraph, Nodes, period_edges
from visiespiegel.insights.table import Atom, Group, group_sizes
from visiespiegel.organisations.tree import Tree

# Why a group is not shown.
EMPTY = "empty"  # nobody answered
SMALL = "small"  # fewer than k people
DERIVABLE = "derivable"  # big enough, but could be combined with other figures to isolate < k


@dataclass(frozen=True)
class History:
    """The earlier snapshots of a round: for each period (period i ends with snapshot i) the
    people per atom who joined, revised or left in it, and for each group the snapshots at
    which its figures were updated."""

    periods: Sequence[Mapping[Atom, int]] = ()
    updates: Mapping[Group, Sequence[int]] = field(default_factory=dict)


@dataclass(frozen=True)
class Pattern:
    shown: frozenset[Group]
    reasons: dict[Group, str] = field(default_factory=dict)  # for every group not shown
    # The shown groups whose figures differ from what they last published: only these end a
    # period. (A group nobody joined, revised or left repeats its figures: no new information.)
    changed: frozenset[Group] = frozenset()


def _depth(tree: Tree, group: Group) -> int:
    return -1 if group[0] is None else tree.depth[group[0]]


def _hide_first(tree: Tree, sizes: Mapping[Group, int]):
    """Which group to give up first: role cells before totals, then the fewest people, then
    the deepest unit (a stable order for the rest)."""

    def key(group: Group):
        unit, role = group
        return (role is None, sizes[group], -_depth(tree, group), unit or 0, role or "")

    return key


def protect(
    tree: Tree,
    roles: Sequence[str],
    current: Mapping[Atom, int],
    k: int,
    *,
    changes: Mapping[Atom, int] | None = None,
    history: History | None = None,
) -> Pattern:
    """The groups to update now: groups of at least k people whose new figures, together with
    everything published before, isolate nobody below k.

    `changes`: people per atom who joined, revised or left since the last snapshot (for a
    first publication: everyone, the default). `history`: the earlier snapshots.

    Over time, a combination of published figures is judged by its last period in which it is
    nonzero: there it must involve at least k people who changed in that period. Checking the
    periods from the newest back, every later period's graph also tells which rows such a
    combination cannot use: a row whose node and the node above it lie in one connected part of
    a later period's graph has coefficient zero, so in earlier periods it is merged away.
    """
    periods = [*(history.periods if history else ()), current if changes is None else changes]
    updates = {g: sorted(at) for g, at in (history.updates if history else {}).items() if at}
    last = {g: at[-1] for g, at in updates.items()}
    newest = len(periods)
    nodes = Nodes(tree, roles)
    sizes = group_sizes(tree, roles, current)
    shown = {g for g, n in sizes.items() if n >= k}
    # Primary suppression in the newest period: its changes alone may not show 1..k-1 people.
    latest = group_sizes(tree, roles, periods[-1])
    shown -= {g for g in shown if 0 < latest[g] < k}
    hide_first = _hide_first(tree, sizes)
    edges = [period_edges(nodes, people) for people in periods]

    def row_start(group: Group, period: int) -> int | None:
        """Where the published (or proposed) row of `group` that covers `period` starts."""
        at = updates.get(group, ())
        i = bisect_left(at, period)
        if i < len(at):
            return at[i - 1] if i else 0
        if group in shown and last.get(group, 0) < period:
            return last.get(group, 0)
        return None

    # A row is (group, start): it covers the periods after snapshot `start` up to its end.
    while True:
        removed = False
        zero: set[tuple[Group, int]] = set()  # rows a combination vanishing later cannot use
        ties: dict[tuple[Group, int], set] = {}  # rows whose coefficients must be equal
        for period in range(newest, 0, -1):
            rows: dict[int, int] = {}
            for group, node in nodes.index.items():
                start = row_start(group, period)
                if start is not None and (group, start) not in zero:
                    rows[node] = start
            committed = {n for n in rows if last.get(nodes.group(n), 0) >= period}
            graph = CutGraph(nodes, k, set(rows), edges[period - 1])
            _merge_tied(graph, nodes, rows, ties)
            while (cut := graph.violation()) is not None:
                choice = _crossing(graph, cut, nodes, shown, committed, hide_first)
                if choice is None:
                    # Only rows published before cross this cut: new rows that reach back
                    # before the newest period keep them from vanishing there. Without those
                    # every earlier period holds exactly the rows the last publication checked,
                    # so none of them is published now. Should none be left, the threshold
                    # went up after an earlier publication: what was published stands.
                    reaching = {g for g in shown if last.get(g, 0) <= newest - 2}
                    shown -= reaching
                    removed = removed or bool(reaching)
                    graph.settled.add(graph.component_of(next(iter(cut))))
                    continue
                removed = True
                shown.discard(nodes.group(choice))
                graph.merge(choice, nodes.up[choice])
                rows.pop(choice, None)
            label = graph.labels()
            for node, start in rows.items():
                if start >= period - 1:
                    continue  # the row does not reach back into earlier periods
                row = (nodes.group(node), start)
                here, above = graph.find(node), graph.find(nodes.up[node])
                a, b = label.get(here, ("alone", here)), label.get(above, ("alone", above))
                if here == above or a == b:
                    zero.add(row)  # potentials equal on a connected part: coefficient 0
                else:
                    ties.setdefault(row, set()).add((period, a, b))
        if not removed:
            break  # this pass changed nothing, so every deduction in it holds: done

    reasons = {
        g: EMPTY if n == 0 else SMALL if n < k else DERIVABLE
        for g, n in sizes.items()
        if g not in shown
    }
    per_period = [group_sizes(tree, roles, people) for people in periods]
    changed = {
        g for g in shown if any(per_period[p - 1][g] for p in range(last.get(g, 0) + 1, newest + 1))
    }
    return Pattern(shown=frozenset(shown), reasons=reasons, changed=frozenset(changed))


def _merge_tied(graph: CutGraph, nodes: Nodes, rows: dict[int, int], ties: dict) -> None:
    """Rows whose coefficient is the same difference of two later constants (the same key)
    have equal coefficients; those under the same node have equal potentials: merge them."""
    leader: dict[int, int] = {node: node for node in rows}

    def find(node: int) -> int:
        while leader[node] != node:
            leader[node] = leader[leader[node]]
            node = leader[node]
        return node

    owner: dict = {}
    for node, start in rows.items():
        for key in ties.get((nodes.group(node), start), ()):
            if key in owner:
                leader[find(node)] = find(owner[key])
            else:
                owner[key] = node
    classes: dict[int, list[int]] = {}
    for node in rows:
        classes.setdefault(find(node), []).append(node)
    changed = True
    while changed:
        changed = False
        for members in classes.values():
            if len(members) < 2:
                continue
            under: dict[int, int] = {}
            for node in members:
                above = graph.find(nodes.up[node])
                first = under.setdefault(above, node)
                if graph.find(first) != graph.find(node):
                    graph.merge(first, node)
                    changed = True


def _crossing(graph, cut, nodes, shown, committed, hide_first) -> int | None:
    """The group to leave out so that this cut disappears: one whose node lies on one side of
    the cut and the group above it on the other (one always exists among the groups added
    since the last safe pattern)."""
    candidates = set()
    for root in cut:
        for node in graph.members(root):
            if node and graph.find(nodes.up[node]) not in cut:
                candidates.add(node)
            for child in nodes.children[node]:
                if graph.find(child) not in cut:
                    candidates.add(child)
    removable = [n for n in candidates if n not in committed and nodes.group(n) in shown]
    if not removable:
        return None
    return min(removable, key=lambda n: hide_first(nodes.group(n)))
