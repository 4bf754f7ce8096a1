"""Cell-key noise and the LP audit: the table, the worked example of audit.py, random regions
attacked by a solver, and the door (publish) with the noise on."""

import random
from collections import Counter

import pytest
from django.test import override_settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from tests.conftest import add_responses
from tests.insights.regions import (
    MODELS,
    ONE_THEME,
    K,
    atoms_inside,
    attack,
    shown_and_hidden,
    small_region,
    twelve_school_region,
    vectors,
)
from visiespiegel.insights import noise, selectors
from visiespiegel.insights.audit import Figure, bounds, exposures
from visiespiegel.insights.disclosure import History, protect
from visiespiegel.insights.services import publish
from visiespiegel.insights.table import group_sizes
from visiespiegel.rounds.lifecycle import close_round

SECRET = b"test secret"


def test_the_table_gives_each_change_its_share_and_never_a_negative_count():
    keys = [-(-i * noise.MODULUS // 100) for i in range(100)]  # the first key of each percent
    for count in (0, 1, 2, 7):
        changes = Counter(noise.change(count, key) for key in keys)
        assert dict(changes) == dict(noise.PTABLE[min(count, 2)])
        assert min(count + change for change in changes) >= 0


def test_the_same_people_get_the_same_figures_and_n_stays_exact():
    vector, keys = [5, 0, 3, 2], [123, 0, 456, 789]
    published = noise.perturb(vector, keys)
    assert published == noise.perturb(list(vector), list(keys))
    assert published[0] == 5
    assert all(
        abs(p - v) <= noise.LARGEST_CHANGE and p >= 0
        for p, v in zip(published, vector, strict=True)
    )


def worked_example():
    """audit.py's example: one theme; atoms (unit, role) -> answers as (now, wanted)."""
    a, b, c, d = range(4)
    people = {
        ("school", "leraar"): [(a, c)] * 4 + [(b, c)] * 6,
        ("school", "ouder"): [(a, c)] * 5 + [(b, c)] * 3,
        ("school", "ib"): [(b, c)],
        ("school", "zorg"): [(b, c)],
        ("elders", "ib"): [(b, c)] * 6 + [(c, c)] * 3 + [(d, c)] * 2,
    }
    shown = {
        "school": [atom for atom in people if atom[0] == "school"],
        "leraren": [("school", "leraar")],
        "ib's": [("school", "ib"), ("elders", "ib")],
    }
    return people, shown


def test_the_worked_example_pins_the_ib_from_exact_counts_but_not_from_noisy_ones():
    people, shown = worked_example()
    hidden = {"ib": [("school", "ib")], "ouders": [("school", "ouder")]}
    pinned = attack(ONE_THEME, people, shown, hidden, noisy=False, slack=0)
    assert [(e.group, e.kind, e.counts) for e in pinned] == [
        ("ib", 0, (0, 1, 0, 0)),  # now: model 2, read off zeros
        ("ib", 1, (0, 0, 1, 0)),  # wanted: the school answered unanimously (documented limit)
        ("ouders", 1, (0, 0, 8, 0)),
    ]
    assert attack(ONE_THEME, people, shown, hidden, noisy=True, slack=noise.LARGEST_CHANGE) == []


@pytest.mark.parametrize("seed", range(4))
def test_a_solver_pins_nobody_in_a_random_region_once_counts_are_noisy(seed):
    """With exact counts the solver pins answers of single people; with the noise, read as
    exact the figures have no solution, and read as within 2 they pin nothing."""
    tree, roles, people = small_region(seed)
    shown, hidden = shown_and_hidden(tree, roles, people)
    exact = attack(ONE_THEME, people, shown, hidden, noisy=False, slack=0)
    assert exact, "the attack works: exact counts pin someone"
    assert attack(ONE_THEME, people, shown, hidden, noisy=True, slack=0) is None
    assert attack(ONE_THEME, people, shown, hidden, noisy=True, slack=noise.LARGEST_CHANGE) == []


def test_a_solver_pins_nobody_in_a_region_of_twelve_schools():
    """The shape of the attack in issue #17: three boards, twelve schools, six roles, cells of
    1-4 people (bench/lp_attack.py runs many of these)."""
    tree, roles, people = twelve_school_region(0)
    shown, hidden = shown_and_hidden(tree, roles, people)
    assert attack(ONE_THEME, people, shown, hidden, noisy=True, slack=noise.LARGEST_CHANGE) == []


@pytest.mark.django_db
@override_settings(CELL_KEY_NOISE=True)
def test_the_door_publishes_noisy_counts_the_same_way_each_time(round_):
    for model in MODELS[:3]:
        add_responses(round_, 4, now=model, wanted=model)
    close_round(round_=round_)
    first = selectors.results(round_).figures
    again = publish(round_=round_, final=True)
    second = selectors.results(round_).figures
    assert again.number == 2  # nobody changed: the same figures
    assert (first["n"], first["themes"]) == (second["n"], second["themes"])
    assert first["n"] == 12
    exact = {"specialisme": 4, "maatwerk": 4, "sterke-basis": 4, "gemeenschap": 0}
    for theme in first["themes"]:
        counts = theme["now"]["counts"]
        assert all(abs(counts[m] - exact[m]) <= noise.LARGEST_CHANGE for m in MODELS)
    assert any(theme["now"]["counts"] != exact for theme in first["themes"])


@pytest.mark.parametrize("seed", range(2))
def test_a_solver_over_an_interim_and_a_final_snapshot_pins_nobody(seed):
    """Everyone who answered before the interim result is a piece of their own (cell, period 1),
    the rest (cell, period 2); the attacker knows every piece's size, reads both snapshots'
    figures (a group not updated in the final one repeats its interim figures) and targets every
    hidden group and every piece of fewer than k people."""
    layout = ONE_THEME
    tree, roles, people = small_region(seed)
    rng = random.Random(seed)
    record = iter(range(1, 10**6))
    pieces = {}  # (atom, period) -> [(record key, answers)]
    for atom, answers in people.items():
        for answer in answers:
            period = 1 if rng.random() < 0.6 else 2
            key = noise.record_key(SECRET, next(record))
            pieces.setdefault((atom, period), []).append((key, [answer]))
    sizes = {piece: len(found) for piece, found in pieces.items()}
    first = Counter({atom: n for (atom, period), n in sizes.items() if period == 1})
    everyone = Counter({atom: len(answers) for atom, answers in people.items()})
    interim = protect(tree, roles, first, K)
    history = History(periods=[first], updates={g: [1] for g in interim.changed})
    final = protect(tree, roles, everyone, K, changes=everyone - first, history=history)

    def figure(group, periods):
        inside = [(a, p) for a in atoms_inside(tree, group, people) for p in periods]
        counts, keys = vectors(layout, [m for piece in inside for m in pieces.get(piece, [])])
        return Figure(frozenset(inside), noise.perturb(counts, keys))

    figures = [figure(g, (1,)) for g in interim.shown]
    figures += [figure(g, (1, 2)) for g in final.shown if g in final.changed]
    hidden = {
        g: [(a, p) for a in atoms_inside(tree, g, people) for p in (1, 2)]
        for g, n in group_sizes(tree, roles, everyone).items()
        if 0 < n < K
    }
    hidden.update({piece: [piece] for piece, n in sizes.items() if n < K})
    found = bounds(layout, sizes, figures, hidden, slack=noise.LARGEST_CHANGE, quick=True)
    totals = {name: sum(sizes.get(p, 0) for p in members) for name, members in hidden.items()}
    assert found is not None and exposures(found, totals) == []


@given(seed=st.integers(0, 10**6))
@hypothesis_settings(max_examples=3, deadline=None, derandomize=True)  # each one is an LP run
def test_random_regions_keep_every_hidden_count_open_to_a_solver_that_knows_the_method(seed):
    tree, roles, people = small_region(seed)
    shown, hidden = shown_and_hidden(tree, roles, people)
    assert attack(ONE_THEME, people, shown, hidden, noisy=True, slack=noise.LARGEST_CHANGE) == []
