"""An outside reader with a linear-programming solver, attacking the results API.

Written apart from the product's own audit: nothing of `insights.audit`, `disclosure`,
`noise` (except its published bound, LARGEST_CHANGE) or `tests/insights/regions.py` is used.
The attacker only reads what a reader with an API token can read, plus (the worst case) the
exact number of people in every (school, role) cell, split into those who answered before the
interim result and those who answered after it.

The attack, in plain words:

1. A region is built through the services: two boards, six schools, five roles, random
   answers per person and theme. About 60 % of the people answer, an interim result is
   published, the rest answer, the round closes (final result).
2. The attacker reads every (unit, role) filter of both results and the participation page.
3. For one theme at a time it writes an unknown, non-negative number for every piece of
   people (a (school, role) cell, split by period) and every pair (now model, wanted model):
   how many people of that piece gave that pair. What it knows are the equations:
   - the pieces' sizes (exact);
   - every shown group's counts: per model for now and for wanted, and every now -> wanted
     transition, summed over the pieces in that group. With the noise on, each published
     count is within LARGEST_CHANGE of the true count and never below zero, so the true count
     lies in [published - 2, published + 2], clipped at 0.
   A group's figures in the interim result cover only its early people; in the final result
   a group either shows everybody or repeats its interim figures, which its n tells apart.
4. For every hidden small group (a filter or a period piece of 1..k-1 people) and every model,
   the solver minimises and maximises how many of that group chose the model. When the lowest
   and highest whole numbers coincide for every model, the group's distribution is *pinned*:
   the published figures say exactly what those few people answered.

With exact counts (the noise off, as in the other tests) the attack pins hidden groups: the
attacker is competent. With the noise on, as in production, it must pin nothing.
"""

from __future__ import annotations

import math
import random
import uuid
from dataclasses import dataclass, field

import numpy as np
import pytest
from django.core.cache import cache
from django.test import override_settings
from scipy import sparse
from scipy.optimize import linprog

from tests import factories
from visiespiegel.insights.noise import LARGEST_CHANGE
from visiespiegel.insights.services import publish
from visiespiegel.organisations.services import add_unit, create_organisation, create_token
from visiespiegel.organisations.services import create_user as make_user
from visiespiegel.rounds.lifecycle import close_round, create_round
from visiespiegel.rounds.submission import AnswerIn, submit_response

pytestmark = pytest.mark.django_db

K = 5
SEED = 20240617
MODELS = factories.model_keys()
THEMES = factories.theme_keys()
ATTACKED = THEMES[:2]  # themes are independent programs; two keep the run short
KINDS = ("now", "wanted")
PAIRS = len(MODELS) ** 2
BOARDS = {
    "Bestuur Noord": ("De Regenboog", "Het Kompas", "De Vlinder"),
    "Bestuur Zuid": ("De Linde", "Het Anker", "De Wilg"),
}
# People per school: (fewest, most) of each role.
ROLE_SIZES = {
    "leraar": (3, 12),
    "ouder": (0, 8),
    "intern-begeleider": (1, 2),
    "schoolleider": (1, 1),
    "zorgprofessional": (0, 2),
}
ROLES = list(ROLE_SIZES)
TOLERANCE = 1e-6


@dataclass
class Person:
    school: str
    role: str
    period: int  # 1: answered before the interim result, 2: after it
    answers: dict[str, tuple[int, int]]  # theme -> (now model, wanted model), as indices

    @property
    def piece(self) -> tuple[str, str, int]:
        return self.school, self.role, self.period


@dataclass
class Observed:
    """What the attacker has: both results per filter, participation, and the piece sizes."""

    people: list[Person]
    units: dict  # name -> Unit
    results: dict[str, dict] = field(default_factory=dict)  # "interim"/"final" -> filter -> JSON
    participation: dict = field(default_factory=dict)

    @property
    def sizes(self) -> dict[tuple[str, str, int], int]:
        found: dict[tuple[str, str, int], int] = {}
        for person in self.people:
            found[person.piece] = found.get(person.piece, 0) + 1
        return found


# ---------------------------------------------------------------------------------------------
# The world, built through the services; the results read through the API


def region(rng: random.Random) -> list[Person]:
    people = []
    for schools in BOARDS.values():
        for school in schools:
            for role, (low, high) in ROLE_SIZES.items():
                for _ in range(rng.randint(low, high)):
                    answers = {
                        theme: (rng.randrange(len(MODELS)), rng.randrange(len(MODELS)))
                        for theme in THEMES
                    }
                    period = 1 if rng.random() < 0.6 else 2
                    people.append(Person(school, role, period, answers))
    return people


def within(unit: str | None, school: str) -> bool:
    """Whether a school lies in the filter's unit (None: the whole round; a board: its
    schools). People answer at a school, never at a board."""
    return unit is None or unit == school or school in BOARDS.get(unit, ())


def covers(unit: str | None, role: str | None, periods, piece: tuple[str, str, int]) -> bool:
    """Whether a filter's figures (of the given periods) count the people of a piece."""
    school, piece_role, period = piece
    return within(unit, school) and role in (None, piece_role) and period in periods


def submit(round_, units, person: Person) -> None:
    submit_response(
        round_=round_,
        role=person.role,
        unit_id=units[person.school].pk,
        answers=[
            AnswerIn(theme=theme, now=MODELS[now], wanted=MODELS[wanted])
            for theme, (now, wanted) in person.answers.items()
        ],
        idempotency_key=uuid.uuid4(),
    )


def filters(units) -> list[tuple[str | None, str | None]]:
    return [(unit, role) for unit in [None, *units] for role in [None, *ROLES]]


def read_every_filter(client, round_, units, headers) -> dict:
    found = {}
    for unit, role in filters(units):
        query = {"unit": units[unit].pk if unit else None, "role": role}
        response = client.get(
            f"/api/v1/rounds/{round_.pk}/results",
            {key: value for key, value in query.items() if value},
            **headers,
        )
        assert response.status_code == 200
        found[unit, role] = response.json()
    return found


def observe(client, framework, seed: int = SEED) -> Observed:
    """Build the region, publish an interim and a final result, read them as an outsider."""
    cache.clear()
    rng = random.Random(seed)
    org = create_organisation(slug="lp-aanval", name="LP-aanval")
    units = {}
    for board, schools in BOARDS.items():
        units[board] = add_unit(organisation=org, name=board, kind="bestuur")
        for school in schools:
            units[school] = add_unit(organisation=org, name=school, parent=units[board])
    reader = make_user(username="eve", organisation=org, role="lezer", password="x" * 20)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user=reader)}"}
    round_ = create_round(organisation=org, title="LP-aanval", framework=framework, threshold=K)
    people = region(rng)
    seen = Observed(people=people, units=units)
    for person in people:
        if person.period == 1:
            submit(round_, units, person)
    publish(round_=round_)
    seen.results["interim"] = read_every_filter(client, round_, units, headers)
    for person in people:
        if person.period == 2:
            submit(round_, units, person)
    close_round(round_=round_)
    seen.results["final"] = read_every_filter(client, round_, units, headers)
    response = client.get(f"/api/v1/rounds/{round_.pk}/participation", **headers)
    assert response.status_code == 200
    seen.participation = response.json()
    return seen


# ---------------------------------------------------------------------------------------------
# The attack: one linear program per theme


def group_size(seen: Observed, unit, role, periods) -> int:
    return sum(n for piece, n in seen.sizes.items() if covers(unit, role, periods, piece))


@dataclass
class Program:
    """The constraints the published figures put on one theme's unknown pair counts."""

    pieces: list[tuple[str, str, int]]
    a_eq: sparse.csr_matrix
    b_eq: np.ndarray
    a_ub: sparse.csr_matrix
    b_ub: np.ndarray
    figures: list[tuple]  # (snapshot, unit, role, periods): what each shown figure covers

    def index(self, piece: int, now: int, wanted: int) -> int:
        return piece * PAIRS + now * len(MODELS) + wanted

    @property
    def size(self) -> int:
        return len(self.pieces) * PAIRS

    def solve(self, objective: np.ndarray):
        return linprog(
            objective,
            A_ub=self.a_ub,
            b_ub=self.b_ub,
            A_eq=self.a_eq,
            b_eq=self.b_eq,
            bounds=(0, None),
            method="highs",
        )


def members(pieces, unit, role, periods) -> list[int]:
    return [i for i, piece in enumerate(pieces) if covers(unit, role, periods, piece)]


def program(seen: Observed, theme: str, slack: int) -> Program:
    """Pieces' sizes as equations; every shown count as a range of width 2 * slack."""
    sizes = seen.sizes
    pieces = sorted(sizes)
    m = len(MODELS)
    eq_rows, eq_cols, b_eq = [], [], []
    for p, piece in enumerate(pieces):
        eq_rows += [p] * PAIRS
        eq_cols += range(p * PAIRS, (p + 1) * PAIRS)
        b_eq.append(sizes[piece])
    ub_rows, ub_cols, ub_vals, b_ub = [], [], [], []
    figures = []

    def bounded(columns: list[int], published: int) -> None:
        """low <= sum(columns) <= high, as two rows of A_ub x <= b_ub."""
        low, high = max(0, published - slack), published + slack
        row = len(b_ub)
        ub_rows.extend([row] * len(columns) + [row + 1] * len(columns))
        ub_cols.extend(columns * 2)
        ub_vals.extend([1.0] * len(columns) + [-1.0] * len(columns))
        b_ub.extend([high, -low])

    for snapshot, periods in (("interim", (1,)), ("final", (1, 2))):
        for (unit, role), data in seen.results[snapshot].items():
            if data["n"] is None:
                continue
            if snapshot == "final" and data["n"] != group_size(seen, unit, role, (1, 2)):
                # kept from the interim result: its figures cover the early people only
                assert data["n"] == group_size(seen, unit, role, (1,)), (unit, role, data["n"])
                periods_here = (1,)
            else:
                periods_here = periods
                assert data["n"] == group_size(seen, unit, role, periods_here), (unit, role)
            inside = members(pieces, unit, role, periods_here)
            figures.append((snapshot, unit, role, periods_here))
            (found,) = [t for t in data["themes"] if t["theme"] == theme]
            for model, key in enumerate(MODELS):
                now_cells = [p * PAIRS + model * m + w for p in inside for w in range(m)]
                wanted_cells = [p * PAIRS + n * m + model for p in inside for n in range(m)]
                bounded(now_cells, found["now"]["counts"][key])
                bounded(wanted_cells, found["wanted"]["counts"][key])
            for now, now_key in enumerate(MODELS):
                for wanted, wanted_key in enumerate(MODELS):
                    published = found.get("transitions", {}).get(now_key, {}).get(wanted_key)
                    if published is not None:
                        cells = [p * PAIRS + now * m + wanted for p in inside]
                        bounded(cells, published)
    columns = len(pieces) * PAIRS
    return Program(
        pieces=pieces,
        a_eq=sparse.csr_matrix(
            (np.ones(len(eq_rows)), (eq_rows, eq_cols)), shape=(len(b_eq), columns)
        ),
        b_eq=np.array(b_eq, dtype=float),
        a_ub=sparse.csr_matrix((ub_vals, (ub_rows, ub_cols)), shape=(len(b_ub), columns)),
        b_ub=np.array(b_ub, dtype=float),
        figures=figures,
    )


def targets(seen: Observed, pieces) -> dict[tuple, list[int]]:
    """Every hidden small group: a filter of 1..k-1 people (all of them, or only the early
    ones), and every period piece of 1..k-1 people. Name -> piece indices."""
    found = {}
    for unit, role in filters(seen.units):
        for label, periods in (("group", (1, 2)), ("early group", (1,))):
            if 0 < group_size(seen, unit, role, periods) < K:
                found[label, unit, role] = members(pieces, unit, role, periods)
    for i, piece in enumerate(pieces):
        if seen.sizes[piece] < K:
            found["piece", *piece] = [i]
    # the same people under several names: attack them once
    unique = {}
    for name, inside in found.items():
        unique.setdefault(tuple(inside), name)
    return {name: list(inside) for inside, name in unique.items()}


@dataclass(frozen=True)
class Pin:
    target: tuple
    theme: str
    kind: str
    counts: tuple[int, ...]
    truth: tuple[int, ...]


def objective(prog: Program, inside: list[int], kind: int, model: int) -> np.ndarray:
    vector = np.zeros(prog.size)
    m = len(MODELS)
    for p in inside:
        for other in range(m):
            now, wanted = (model, other) if kind == 0 else (other, model)
            vector[prog.index(p, now, wanted)] = 1.0
    return vector


def fits(seen: Observed, theme: str, slack: int) -> bool:
    """Whether any table of counts fits the figures read with this slack."""
    prog = program(seen, theme, slack)
    return prog.solve(np.zeros(prog.size)).status == 0


def attack(seen: Observed, theme: str, slack: int, stop_at_first_pin: bool = False):
    """The pinned distributions of every hidden small group for one theme (None: no table of
    counts fits the figures at all)."""
    prog = program(seen, theme, slack)
    first = prog.solve(np.zeros(prog.size))
    if first.status == 2:
        return None
    assert first.status == 0, first.message
    pool = [first.x]  # solutions seen: two of them that disagree already prove a count open
    pins = []
    for name, inside in targets(seen, prog.pieces).items():
        for kind, kind_name in enumerate(KINDS):
            counts = []
            for model in range(len(MODELS)):
                c = objective(prog, inside, kind, model)
                values = np.array(pool) @ c
                if math.floor(values.max() + TOLERANCE) > math.ceil(values.min() - TOLERANCE):
                    break  # open: two tables that fit give different whole numbers
                low, high = prog.solve(c), prog.solve(-c)
                assert low.status == 0 and high.status == 0, (low.message, high.message)
                pool += [low.x, high.x]
                least = math.ceil(low.fun - TOLERANCE)
                most = math.floor(-high.fun + TOLERANCE)
                if least != most:
                    break
                counts.append(least)
            else:
                pins.append(Pin(name, theme, kind_name, tuple(counts), truth(seen, name, theme)))
                if stop_at_first_pin:
                    return pins
    return pins


def people_of(seen: Observed, unit, role, periods) -> list[Person]:
    return [p for p in seen.people if covers(unit, role, periods, p.piece)]


def tally(people: list[Person], theme: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The true counts per model, for now and for wanted."""
    return tuple(
        tuple(sum(1 for p in people if p.answers[theme][kind] == m) for m in range(len(MODELS)))
        for kind in range(len(KINDS))
    )


def truth(seen: Observed, name: tuple, theme: str) -> tuple:
    """The true (now, wanted) counts of a target, for the report."""
    if name[0] == "piece":
        school, role, period = name[1:]
        return tally(people_of(seen, school, role, (period,)), theme)
    periods = (1, 2) if name[0] == "group" else (1,)
    return tally(people_of(seen, name[1], name[2], periods), theme)


def involved(seen: Observed, pin: Pin) -> list[str]:
    """The shown figures that contain a pinned group's people, for the report."""
    piece = pin.target[1:] if pin.target[0] == "piece" else None
    lines = []
    for snapshot, periods in (("interim", (1,)), ("final", (1, 2))):
        for (unit, group_role), data in seen.results[snapshot].items():
            if data["n"] is None:
                continue
            if piece is not None and not covers(unit, group_role, periods, piece):
                continue
            (found,) = [t for t in data["themes"] if t["theme"] == pin.theme]
            counts = [found[pin.kind]["counts"][key] for key in MODELS]
            lines.append(f"{snapshot} {unit or 'all'}/{group_role or 'all'} n={data['n']} {counts}")
    return lines


def report(seen: Observed, pins: list[Pin]) -> str:
    return "\n".join(
        f"{pin.target} {pin.theme} {pin.kind}: solver {pin.counts}, truth {pin.truth}\n  "
        + "\n  ".join(involved(seen, pin))
        for pin in pins
    )


def check_participation(seen: Observed) -> None:
    """The participation page agrees with the attacker's own bookkeeping of people."""
    by_unit = {row["label"]: row["responses"] for row in seen.participation["by_unit"]}
    for school in (s for schools in BOARDS.values() for s in schools):
        assert by_unit[school] == group_size(seen, school, None, (1, 2))
    assert seen.participation["round"]["responses"] == len(seen.people)


# ---------------------------------------------------------------------------------------------
# The tests


@override_settings(CELL_KEY_NOISE=True)
def test_an_lp_attacker_on_the_api_pins_no_hidden_group_once_counts_are_noisy(client, framework):
    seen = observe(client, framework)
    check_participation(seen)
    hidden = [g for g in filters(seen.units) if 0 < group_size(seen, *g, (1, 2)) < K]
    assert hidden, "the region has hidden small groups to attack"
    assert all(seen.results["final"][g]["n"] is None for g in hidden)
    # The noise is on: some shown count differs from the truth, never by more than the bound.
    moved = 0
    for (unit, role), data in seen.results["final"].items():
        if data["n"] is None or data["n"] != group_size(seen, unit, role, (1, 2)):
            continue
        for theme in data["themes"]:
            exact = tally(people_of(seen, unit, role, (1, 2)), theme["theme"])
            for kind, true in zip(KINDS, exact, strict=True):
                shown = tuple(theme[kind]["counts"][key] for key in MODELS)
                assert all(abs(s - t) <= LARGEST_CHANGE for s, t in zip(shown, true, strict=True))
                moved += shown != true
    assert moved > 0
    pins, exact_reads = [], []
    for theme in ATTACKED:
        # Read as exact, the noisy figures usually contradict each other: no table fits.
        # (A fitting table would prove nothing either way, so it is not asserted.)
        exact_reads.append(fits(seen, theme, slack=0))
        found = attack(seen, theme, slack=LARGEST_CHANGE)
        assert found is not None, "the true table always fits figures read within the bound"
        pins += found
    assert pins == [], report(seen, pins)


def test_the_same_attacker_pins_hidden_groups_when_counts_are_exact(client, framework):
    """The control: with the noise off (the test settings) the attacker is competent."""
    seen = observe(client, framework)
    pins = attack(seen, ATTACKED[0], slack=0)
    assert pins, "exact counts should pin some hidden group"
    for pin in pins:  # and what it pins is the truth
        assert pin.counts == pin.truth[KINDS.index(pin.kind)]
