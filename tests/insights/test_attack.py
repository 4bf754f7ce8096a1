"""An attack from the outside, written apart from the product's own audit: only the results API,
a spreadsheet's worth of linear algebra (numpy), and the worst case of knowing exactly how many
people sit in every (unit, role) cell.

1. A closed round: fetch every (unit, role) filter and look for any set of cells holding 1..k-1
   people whose total is a linear combination of what was shown.
2. An open round: read a figure, add one response, read again (and publish again).
"""

import itertools
import uuid

import numpy as np
import pytest
from django.core.cache import cache

from tests import factories
from tests.conftest import all_answers
from visiespiegel.insights.services import publish
from visiespiegel.organisations.services import add_unit, create_organisation, create_token
from visiespiegel.organisations.services import create_user as make_user
from visiespiegel.rounds.lifecycle import close_round, create_round
from visiespiegel.rounds.submission import submit_response

pytestmark = pytest.mark.django_db
K = 5
MODELS = factories.model_keys()
# (school, role): people. A board with three schools, one with a team below it; small roles.
PEOPLE = {
    ("Noord", "leraar"): 10,
    ("Noord", "ouder"): 8,
    ("Noord", "intern-begeleider"): 2,
    ("Zuid", "leraar"): 12,
    ("Zuid", "ouder"): 2,
    ("Zuid", "schoolleider"): 1,
    ("Oost", "leraar"): 4,
    ("Oost", "ouder"): 6,
    ("Team Oost", "leraar"): 7,
    ("Team Oost", "intern-begeleider"): 1,
    ("Bestuur", "bestuurder"): 2,
}


@pytest.fixture
def world(framework):
    cache.clear()
    org = create_organisation(slug="aanval", name="Aanval")
    board = add_unit(organisation=org, name="Bestuur", kind="bestuur")
    units = {"Bestuur": board}
    for name in ("Noord", "Zuid", "Oost"):
        units[name] = add_unit(organisation=org, name=name, parent=board)
    units["Team Oost"] = add_unit(organisation=org, name="Team Oost", parent=units["Oost"])
    user = make_user(username="eve", organisation=org, role="lezer", password="x" * 20)
    round_ = create_round(organisation=org, title="Aanval", framework=framework, threshold=K)
    return round_, units, {"HTTP_AUTHORIZATION": f"Bearer {create_token(user=user)}"}


def answer(round_, unit, role, seed):
    model = MODELS[seed % 4]
    submit_response(
        round_=round_,
        role=role,
        unit_id=unit.pk,
        answers=all_answers(now=model, wanted=MODELS[(seed + 1) % 4]),
        idempotency_key=uuid.uuid4(),
    )


def every_filter(client, round_, units, headers):
    roles = [None, *sorted({role for _unit, role in PEOPLE})]
    found = {}
    for unit, role in itertools.product([None, *units], roles):
        query = {k: v for k, v in (("unit", units[unit].pk if unit else None), ("role", role)) if v}
        data = client.get(f"/api/v1/rounds/{round_.pk}/results", query, **headers).json()
        data.pop("published_at", None)  # when, not what
        found[unit, role] = data
    return found


def subtree(units, top):
    if top is None:
        return set(units)
    below = {top}
    changed = True
    while changed:
        changed = False
        for name, unit in units.items():
            if unit.parent and unit.parent.name in below and name not in below:
                below.add(name)
                changed = True
    return below


def test_no_linear_combination_of_the_api_isolates_fewer_than_k(client, world):
    round_, units, headers = world
    for seed, ((unit, role), n) in enumerate(PEOPLE.items()):
        for i in range(n):
            answer(round_, units[unit], role, seed + i)
    close_round(round_=round_)
    shown = {g: d for g, d in every_filter(client, round_, units, headers).items() if d["n"]}
    cells = list(PEOPLE)
    rows = np.array(
        [
            [1.0 if c[0] in subtree(units, g[0]) and g[1] in (None, c[1]) else 0.0 for c in cells]
            for g in shown
        ]
    )
    rank = np.linalg.matrix_rank(rows)
    light = [c for c in cells if PEOPLE[c] < K]
    found = []
    for size in range(1, K):
        for subset in itertools.combinations(light, size):
            if sum(PEOPLE[c] for c in subset) >= K:
                continue
            target = np.array([[1.0 if c in subset else 0.0 for c in cells]])
            if np.linalg.matrix_rank(np.vstack([rows, target])) == rank:
                found.append(subset)
    assert found == []
    # ... while what matters most stays visible.
    assert shown[None, None]["n"] == sum(PEOPLE.values())
    assert (None, "leraar") in shown and ("Noord", None) in shown
    # And the n's shown agree with the cells: no figure is approximate.
    for (unit, role), data in shown.items():
        expected = sum(
            n for (u, r), n in PEOPLE.items() if u in subtree(units, unit) and role in (None, r)
        )
        assert data["n"] == expected


def test_one_more_response_moves_nothing(client, world):
    round_, units, headers = world
    for i in range(12):
        answer(round_, units["Noord"], "leraar", i)
    for i in range(6):
        answer(round_, units["Zuid"], "ouder", i)
    publish(round_=round_)
    before = every_filter(client, round_, units, headers)
    assert before[None, None]["n"] == 18
    for step in range(1, K + 1):
        answer(round_, units["Zuid"], "ouder", 100 + step)
        assert every_filter(client, round_, units, headers) == before  # no snapshot, no change
        publish(round_=round_)
        after = every_filter(client, round_, units, headers)
        for group, data in after.items():
            old = before[group]
            if data["n"] is not None and old["n"] is not None and data != old:
                assert data["n"] - old["n"] >= K, (group, old["n"], data["n"])
            if data != old and data["n"] is not None and old["n"] is None:
                # newly shown: its whole content must not be derivable from the old figures
                assert data["n"] >= K
    # After k new answers the figures have moved, all at once.
    assert after[None, None]["n"] == 18 + K
