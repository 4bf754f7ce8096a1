"""Which groups of a round may be published, and an audit that proves it (plain Python).

The table. A *group* is (unit, role): the responses in the unit's subtree (unit None: the
whole round) with that role (role None: all roles). An *atom* is (unit, role) for the
responses *directly* at a unit (unit None: responses without a unit). Every figure of a group
(n, counts per model, transitions) is the sum of its atoms' figures, so whoever holds the shown
groups can compute exactly their linear combinations, and nothing else.

The rule (PRODUCT.md): no combination of shown figures may isolate 1..k-1 people.

Why a graph decides it. The shown groups of one role form a laminar family (subtrees), and so
do the shown totals. Replacing each shown group by its *private part* (itself minus the
largest shown groups of the same kind below it) changes nothing that can be computed, and the
private parts are disjoint. So what can be computed is spanned by two partitions of the atoms:
role blocks and total blocks. Make every block a node (atoms in no shown group of a kind go to
one node, GROUND) and every atom an edge between its role block and its total block, weighted
by its number of people. On edge (X, Y) a combination a*X + b*Y is, with potentials p_X = a and
p_Y = -b, the difference p_X - p_Y: what can be computed is exactly the cut space of this
graph, and the smallest sets of people a computable combination isolates are its minimal
cuts. A pattern is safe when every connected component has a minimum cut of at least k.

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

import heapq
from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import igraph

from visiespiegel.organisations.tree import Tree

Group = tuple[int | None, str | None]
Atom = tuple[int | None, str]

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


def _depth(tree: Tree, group: Group) -> int:
    return -1 if group[0] is None else tree.depth[group[0]]


def _hide_first(tree: Tree, sizes: Mapping[Group, int]):
    """Which group to give up first: role cells before totals, then the fewest people, then
    the deepest unit (a stable order for the rest)."""

    def key(group: Group):
        unit, role = group
        return (role is None, sizes[group], -_depth(tree, group), unit or 0, role or "")

    return key


class _Nodes:
    """Groups as integer nodes; node 0 is GROUND. `up[node]` is the group of the same kind one
    unit higher (the whole round's groups hang from GROUND)."""

    GROUND = 0

    def __init__(self, tree: Tree, roles: Sequence[str]):
        self.groups = groups(tree, roles)
        self.index = {group: i for i, group in enumerate(self.groups, start=1)}
        self.up = [0] * (len(self.groups) + 1)
        self.children: list[list[int]] = [[] for _ in range(len(self.groups) + 1)]
        for group, node in self.index.items():
            unit, role = group
            parent = 0 if unit is None else self.index[tree.parent[unit], role]
            self.up[node] = parent
            self.children[parent].append(node)

    def group(self, node: int) -> Group:
        return self.groups[node - 1]


class _CutGraph:
    """The graph of one period's pattern, contracted as far as cuts below k allow.

    Leaving a group out merges its node into the node of the group above it. An edge of k or
    more people can never lie in a cut below k, so its two ends are merged too. What is left
    has only light edges; a node with 1..k-1 people around it, or a cut found by igraph's
    minimum cut (Stoer-Wagner), is a violation.
    """

    def __init__(self, nodes: _Nodes, k: int, kept: set[int], people: Mapping[int, list]):
        self.nodes, self.k = nodes, k
        size = len(nodes.up)
        self._root = list(range(size))
        self._members: dict[int, list[int]] = {i: [i] for i in range(size)}
        self._adj: dict[int, dict[int, int]] = {i: {} for i in range(size)}
        self._degree = [0] * size
        self._heavy: list[tuple[int, int]] = []
        self._verified: set[frozenset[int]] = set()
        self.settled: set[frozenset[int]] = set()  # components nothing removable can fix
        for node in range(1, size):
            if node not in kept:
                self.merge(node, nodes.up[node])
        for left, right, weight in people:
            self._add_edge(left, right, weight)
        self._contract()

    def find(self, node: int) -> int:
        root = node
        while self._root[root] != root:
            root = self._root[root]
        while self._root[node] != root:
            self._root[node], node = root, self._root[node]
        return root

    def members(self, root: int) -> list[int]:
        return self._members[root]

    def _add_edge(self, a: int, b: int, weight: int) -> None:
        a, b = self.find(a), self.find(b)
        if a == b or weight <= 0:
            return
        total = self._adj[a].get(b, 0) + weight
        self._adj[a][b] = self._adj[b][a] = total
        self._degree[a] += weight
        self._degree[b] += weight
        if total >= self.k:
            self._heavy.append((a, b))

    def merge(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a == b:
            return
        if len(self._adj[a]) + len(self._members[a]) < len(self._adj[b]) + len(self._members[b]):
            a, b = b, a
        self._root[b] = a
        self._members[a].extend(self._members.pop(b))
        between = self._adj[a].pop(b, 0)
        self._adj[b].pop(a, None)
        self._degree[a] += self._degree[b] - 2 * between
        for other, weight in self._adj.pop(b).items():
            del self._adj[other][b]
            total = self._adj[a].get(other, 0) + weight
            self._adj[a][other] = self._adj[other][a] = total
            if total >= self.k:
                self._heavy.append((a, other))

    def _contract(self) -> None:
        while self._heavy:
            self.merge(*self._heavy.pop())

    def violation(self) -> set[int] | None:
        """A set of (root) nodes around which fewer than k people lie, or None."""
        while True:
            self._contract()
            roots = [r for r in self._adj if self._degree[r] > 0]
            shrunk = False
            for component in self._components(roots):
                if component in self.settled or component in self._verified:
                    continue
                for root in component:
                    if self._degree[root] < self.k:
                        return {root}
                if len(component) < 4:
                    continue  # with 3 nodes or fewer every cut is one node, checked above
                if self._certain_pairs(component):
                    shrunk = True
                    continue
                cut = self._minimum_cut(component)
                if cut is not None:
                    return cut
                self._verified.add(component)
            if not shrunk:
                return None

    def _certain_pairs(self, component: frozenset[int]) -> bool:
        """Merge every pair that a maximum-adjacency ordering proves to be joined by k or more
        people (Nagamochi and Ibaraki): when an edge raises a node's attachment to the nodes
        ordered before it to q, no cut below q separates the edge's ends."""
        start = min(component)
        attachment = {start: 0}
        queue = [(0, start)]
        done: set[int] = set()
        pairs = []
        while queue:
            negative, node = heapq.heappop(queue)
            if node in done or -negative != attachment[node]:
                continue
            done.add(node)
            for other, weight in self._adj[node].items():
                if other in done:
                    continue
                attachment[other] = attachment.get(other, 0) + weight
                if attachment[other] >= self.k:
                    pairs.append((node, other))
                heapq.heappush(queue, (-attachment[other], other))
        for a, b in pairs:
            self.merge(a, b)
        return bool(pairs)

    def labels(self) -> dict[int, int]:
        """A component number for every root that has edges."""
        roots = [r for r in self._adj if self._degree[r] > 0]
        return {root: i for i, c in enumerate(self._components(roots)) for root in c}

    def component_of(self, node: int) -> frozenset[int]:
        root = self.find(node)
        roots = [r for r in self._adj if self._degree[r] > 0]
        return next((c for c in self._components(roots) if root in c), frozenset([root]))

    def _components(self, roots: list[int]) -> list[frozenset[int]]:
        seen: set[int] = set()
        found = []
        for start in roots:
            if start in seen:
                continue
            seen.add(start)
            stack, component = [start], [start]
            while stack:
                for other in self._adj[stack.pop()]:
                    if other not in seen:
                        seen.add(other)
                        stack.append(other)
                        component.append(other)
            found.append(frozenset(component))
        return found

    def _minimum_cut(self, component: frozenset[int]) -> set[int] | None:
        order = sorted(component)
        index = {root: i for i, root in enumerate(order)}
        edges, weights = [], []
        for root in order:
            for other, weight in self._adj[root].items():
                if root < other:
                    edges.append((index[root], index[other]))
                    weights.append(weight)
        cut = igraph.Graph(n=len(order), edges=edges).mincut(capacity=weights)
        if cut.value >= self.k:
            return None
        side = min(cut.partition, key=len)
        return {order[i] for i in side}


def _period_people(nodes: _Nodes, people: Mapping[Atom, int]) -> list[tuple[int, int, int]]:
    """Each atom as an edge from its role block to its total block."""
    return [
        (nodes.index[unit, role], nodes.index[unit, None], n)
        for (unit, role), n in people.items()
        if n > 0
    ]


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
    nodes = _Nodes(tree, roles)
    sizes = group_sizes(tree, roles, current)
    shown = {g for g, n in sizes.items() if n >= k}
    # Primary suppression in the newest period: its changes alone may not show 1..k-1 people.
    latest = group_sizes(tree, roles, periods[-1])
    shown -= {g for g in shown if 0 < latest[g] < k}
    hide_first = _hide_first(tree, sizes)
    edges = [_period_people(nodes, people) for people in periods]

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
            graph = _CutGraph(nodes, k, set(rows), edges[period - 1])
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


def _merge_tied(graph: _CutGraph, nodes: _Nodes, rows: dict[int, int], ties: dict) -> None:
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


def is_safe(
    tree: Tree, roles: Sequence[str], people: Mapping[Atom, int], shown: Iterable[Group], k: int
) -> bool:
    """Whether a pattern isolates nobody below k, by the graph (no group left out)."""
    nodes = _Nodes(tree, roles)
    kept = {nodes.index[g] for g in shown}
    graph = _CutGraph(nodes, k, kept, _period_people(nodes, people))
    return graph.violation() is None
