"""Figures cost the same number of queries however many people answered: every surface reads
the published snapshot or the tally, never the answers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from visiespiegel.insights import selectors
from visiespiegel.insights.services import publish
from visiespiegel.organisations.services import add_unit, create_token
from visiespiegel.rounds import synthetic
from visiespiegel.rounds.lifecycle import create_round

pytestmark = pytest.mark.django_db


def queries(func) -> int:
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured)


def test_every_surface_takes_the_same_queries_at_any_size(client, alice, org, framework):
    board = add_unit(organisation=org, name="Bestuur", kind="bestuur")
    schools = [add_unit(organisation=org, name=f"School {i}", parent=board) for i in range(4)]
    round_ = create_round(organisation=org, title="Groot", framework=framework, synthetic=True)
    client.force_login(alice)
    token = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user=alice)}"}

    def page(url, **headers):
        return lambda: client.get(url, **headers).status_code == 200 or pytest.fail(url)

    base = f"/peilingen/{round_.pk}"
    surfaces = {
        "results: round": lambda: selectors.results(round_),
        "results: board": lambda: selectors.results(round_, unit_id=board.pk),
        "results: school": lambda: selectors.results(round_, unit_id=schools[0].pk),
        "results: role": lambda: selectors.results(round_, role="ouder"),
        "per role": lambda: selectors.results_per_role(round_),
        "per unit": lambda: selectors.results_per_unit(round_, unit_id=board.pk),
        "overview page": page(f"{base}/resultaten/"),
        "compare page": page(f"{base}/vergelijken/?per=eenheid"),
        "signals page": page(f"{base}/signalen/"),
        "remarks page": page(f"{base}/opmerkingen/"),
        "participation": page(f"{base}/deelname/"),
        "rounds list": page(f"/org/{org.slug}/"),
        "API results": page(f"/api/v1/rounds/{round_.pk}/results?unit={board.pk}", **token),
    }
    sizes = []
    for total in (40, 400):
        synthetic.fill(round_, total, seed=1)
        publish(round_=round_)
        for surface in surfaces.values():
            surface()  # caches warm alike at every size
        sizes.append({name: queries(surface) for name, surface in surfaces.items()})
    assert sizes[0] == sizes[1]
