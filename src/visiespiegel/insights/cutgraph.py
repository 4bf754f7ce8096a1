"""The graph that decides whether a pattern of shown groups isolates fewer than k people by
adding and subtracting (plain Python; minimum cuts through igraph).

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

For the school of docs/results.md (10 teachers, 8 parents, 2 intern begeleiders, k = 5) with
the school, the whole round and the teachers shown, the node "school, all roles" is joined to
the rest by the 2 IBs only: a cut of 2, so `protect` hides one more group (the parents).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence

import igraph

from visiespiegel.insights.table import Atom, Group, groups
from visiespiegel.organisations.tree import Tree


class Nodes:
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


class CutGraph:
    """The graph of one period's pattern, contracted as far as cuts below k allow.

    Leaving a group out merges its node into the node of the group above it. An edge of k or
    more people can never lie in a cut below k, so its two ends are merged too. What is left
    has only light edges; a node with 1..k-1 people around it, or a cut found by igraph's
    minimum cut (Stoer-Wagner), is a violation.
    """

    def __init__(self, nodes: Nodes, k: int, kept: set[int], people: Mapping[int, list]):
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


def period_edges(nodes: Nodes, people: Mapping[Atom, int]) -> list[tuple[int, int, int]]:
    """Each atom as an edge from its role block to its total block, in node order: the
    graph, and so the choice between equally good patterns, never depends on the order in
    which the database returned the atoms."""
    return sorted(
        (nodes.index[unit, role], nodes.index[unit, None], n)
        for (unit, role), n in people.items()
        if n > 0
    )


def is_safe(
    tree: Tree, roles: Sequence[str], people: Mapping[Atom, int], shown: Iterable[Group], k: int
) -> bool:
    """Whether a pattern isolates nobody below k, by the graph (no group left out)."""
    nodes = Nodes(tree, roles)
    kept = {nodes.index[g] for g in shown}
    graph = CutGraph(nodes, k, kept, period_edges(nodes, people))
    return graph.violation() is None
