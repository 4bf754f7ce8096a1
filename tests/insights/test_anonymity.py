"""Suppression and differencing, by example and as properties over random trees."""

from hypothesis import given
from hypothesis import strategies as st

from visiespiegel.insights.anonymity import reveals_by_difference, suppressed, too_small


def test_threshold():
    assert too_small(4, 5)
    assert not too_small(5, 5)
    assert suppressed(4, [], 5)
    assert not suppressed(5, [], 5)


def test_differencing():
    assert reveals_by_difference(10, 12, 5)
    assert not reveals_by_difference(10, 10, 5)
    assert not reveals_by_difference(10, 15, 5)
    # S = 10 inside P = 12: P - S = 2 people: S is suppressed.
    assert suppressed(10, [12], 5)
    assert not suppressed(10, [10, 20], 5)
    assert suppressed(10, [10, 20, 13], 5)


# A random lattice of groups: units in a small tree, each with counts per role.
ROLES = ["leraar", "ouder", "ib"]
tree = st.fixed_dictionaries(
    {
        # unit -> parent (None at the top); three levels: 1 top, 2 boards, 4 schools
        "counts": st.lists(
            st.lists(st.integers(0, 9), min_size=3, max_size=3), min_size=7, max_size=7
        ),
        "k": st.integers(3, 8),
    }
)
PARENT = {0: None, 1: 0, 2: 0, 3: 1, 4: 1, 5: 2, 6: 2}


def subtree(unit):
    children = [u for u, p in PARENT.items() if p == unit]
    return [unit, *[d for c in children for d in subtree(c)]]


def ancestors(unit):
    chain = []
    while unit is not None:
        chain.append(unit)
        unit = PARENT[unit]
    return [*chain, None]


def size(counts, unit, role):
    units = subtree(unit) if unit is not None else list(PARENT)
    roles = [ROLES.index(role)] if role else range(len(ROLES))
    return sum(counts[u][r] for u in units for r in roles)


def groups():
    return [(u, r) for u in [None, *PARENT] for r in [None, *ROLES]]


def group_ancestors(unit, role):
    """Every strictly larger group in the lattice: unit ancestors, with and without the role."""
    found = []
    for a in ancestors(unit) if unit is not None else [None]:
        for r in [role, None] if role else [None]:
            if (a, r) != (unit, role):
                found.append((a, r))
    return found


@given(tree)
def test_no_two_shown_groups_reveal_fewer_than_k(data):
    counts, k = data["counts"], data["k"]
    shown = {}
    for unit, role in groups():
        n = size(counts, unit, role)
        parents = [size(counts, a, r) for a, r in group_ancestors(unit, role)]
        shown[unit, role] = None if suppressed(n, parents, k) else n
    visible = [(g, n) for g, n in shown.items() if n is not None]
    for g1, n1 in visible:
        assert n1 >= k
        for g2, n2 in visible:
            if g2 in group_ancestors(*g1):
                difference = n2 - n1
                assert difference == 0 or difference >= k, (g1, n1, g2, n2)
