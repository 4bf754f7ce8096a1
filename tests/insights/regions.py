"""Simulated regions and a solver attacking their published figures (plain Python, no Django):
shared by tests/insights/test_noise.py and bench/lp_attack.py.

A region is a unit tree, its roles and its people per atom (school, role), each person one
(now, wanted) answer for a single theme: themes are independent linear programs, so one theme
per region is one trial. Which groups are shown comes from `disclosure.protect`; the attacker
knows every atom's number of people (the worst case: participation shows them per unit and per
role, a coordinator may know them per school and role) and reads every shown group's counts.
"""

from __future__ import annotations

import random
from collections import Counter

from visiespiegel.insights import noise
from visiespiegel.insights.audit import Figure, bounds, exposures
from visiespiegel.insights.disclosure import protect
from visiespiegel.insights.table import group_sizes
from visiespiegel.insights.vectors import Layout
from visiespiegel.organisations.tree import Tree

K = 5
MODELS = ("specialisme", "maatwerk", "sterke-basis", "gemeenschap")
ONE_THEME = Layout(themes=("ondersteuning",), models=MODELS)


def vectors(layout, members):
    """Exact counts and cell keys of a group, from (record key, [(now, wanted) per theme])."""
    counts, keys = layout.zeros(), layout.zeros()
    for record, answers in members:
        pairs = [layout.pair_at(t, now, wanted) for t, (now, wanted) in enumerate(answers)]
        for position in [0, *(p for pair in pairs for p in pair)]:
            counts[position] += 1
            keys[position] += record
    return counts, keys


def attack(layout, people, shown, hidden, *, noisy, slack, secret=b"test secret"):
    """What a solver learns about the hidden groups from the shown groups' figures: the pinned
    distributions (`audit.Exposure`), or None when no table of counts fits the figures."""
    record = iter(range(1, 10**6))
    members = {
        atom: [(noise.record_key(secret, next(record)), [answer]) for answer in answers]
        for atom, answers in people.items()
    }
    figures = []
    for atoms in shown.values():
        counts, keys = vectors(layout, [m for atom in atoms for m in members[atom]])
        figures.append(Figure(frozenset(atoms), noise.perturb(counts, keys) if noisy else counts))
    sizes = {atom: len(answers) for atom, answers in people.items()}
    found = bounds(layout, sizes, figures, hidden, slack=slack, quick=True)
    if found is None:
        return None
    return exposures(found, {name: sum(sizes[a] for a in atoms) for name, atoms in hidden.items()})


def atoms_inside(tree, group, atoms):
    return [a for a in atoms if tree.within(a[0], group[0]) and group[1] in (None, a[1])]


def shown_and_hidden(tree, roles, people, k=K):
    """The groups `protect` shows and the groups of 1..k-1 people, each as its atoms."""
    sizes = Counter({atom: len(answers) for atom, answers in people.items()})
    pattern = protect(tree, roles, sizes, k)
    shown = {g: atoms_inside(tree, g, people) for g in pattern.shown}
    hidden = {
        g: atoms_inside(tree, g, people)
        for g, n in group_sizes(tree, roles, sizes).items()
        if 0 < n < k
    }
    return shown, hidden


def _answer(rng):
    return rng.choice([0, 1, 1, 2, 2, 3]), rng.choice([1, 2, 2, 3, 3])


def small_region(seed):
    """Two boards of three schools, small roles as schools have them, random answers."""
    rng = random.Random(seed)
    parent = {1: None, 2: None, **{s: 1 + (s > 5) for s in range(3, 9)}}
    roles = ["leraar", "ouder", "ib", "schoolleider", "zorg"]
    spread = {"leraar": (3, 12), "ouder": (0, 9), "ib": (1, 2), "schoolleider": (1, 1)}
    people = {
        (school, role): [_answer(rng) for _ in range(size)]
        for school in range(3, 9)
        for role, size in ((r, rng.randint(*spread.get(r, (0, 2)))) for r in roles)
        if size
    }
    return Tree(parent), roles, people


def twelve_school_region(seed):
    """Three boards of four schools, six roles; every role but the teachers in cells of 0-4
    people (the shape of the attack that found the pins of issue #17)."""
    rng = random.Random(seed)
    parent = {1: None, 2: None, 3: None, **{s: 1 + (s - 4) // 4 for s in range(4, 16)}}
    roles = ["leraar", "ouder", "ib", "schoolleider", "zorg", "leerling"]
    people = {}
    for school in range(4, 16):
        for role in roles:
            size = rng.randint(2, 10) if role == "leraar" else rng.choice([0, 1, 1, 2, 3, 4])
            if size:
                people[school, role] = [_answer(rng) for _ in range(size)]
    return Tree(parent), roles, people
