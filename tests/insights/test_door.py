"""Every surface shows figures only through the one door: nothing before publication, the
published figures after it, and nothing that moves when one more person answers."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from tests import factories
from tests.conftest import add_responses
from visiespiegel.insights.services import publish
from visiespiegel.organisations.services import create_token

pytestmark = pytest.mark.django_db


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def api(client, token, url):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").json()


def cli(round_):
    out = StringIO()
    call_command("round", "results", str(round_.pk), stdout=out)
    return json.loads(out.getvalue())


def participant_page(client, round_):
    client.post(f"/d/{round_.code}/begin/")
    factories.choose_role(client, round_, "ouder")
    for number in range(1, 7):
        client.post(f"/d/{round_.code}/thema/{number}/", {"now": "maatwerk", "wanted": "maatwerk"})
    client.post(f"/d/{round_.code}/versturen/")
    return lambda: page(client, f"/d/{round_.code}/profiel/")


@pytest.fixture
def surfaces(client, alice, round_):
    """Each surface as a function that returns what it shows now."""
    from django.test import Client

    coordinator = Client()
    coordinator.force_login(alice)
    token = create_token(user=alice)
    base = f"/peilingen/{round_.pk}"
    return {
        "overview": lambda: page(coordinator, f"{base}/resultaten/"),
        "compare by role": lambda: page(coordinator, f"{base}/vergelijken/"),
        "compare by unit": lambda: page(coordinator, f"{base}/vergelijken/?per=eenheid"),
        "signals and guide": lambda: page(coordinator, f"{base}/signalen/"),
        "remarks": lambda: page(coordinator, f"{base}/opmerkingen/"),
        "api": lambda: api(coordinator, token, f"/api/v1/rounds/{round_.pk}/results"),
        "api by role": lambda: api(
            coordinator, token, f"/api/v1/rounds/{round_.pk}/results?role=leraar"
        ),
        "cli": lambda: cli(round_),
        "participant's group line": participant_page(client, round_),
    }


MARKERS = {  # what shows that figures are there
    "overview": "Gemiddeld nu",
    "compare by role": "n = 12",
    "compare by unit": "n = 19",
    "signals and guide": "Gespreksgids",
    "remarks": "Veel overleg",
    "participant's group line": "De grijze lijnen tonen de hele groep (19 antwoorden",
}


def shows_figures(name, shown):
    if isinstance(shown, dict):
        return shown["n"] is not None
    return MARKERS[name] in shown


def test_every_surface_goes_through_the_door(round_, surfaces):
    add_responses(round_, 12, remark="Veel overleg")
    add_responses(round_, 6, role="ouder")  # + the participant's own: 19
    before = {name: read() for name, read in surfaces.items()}
    assert not any(shows_figures(name, shown) for name, shown in before.items()), [
        name for name, shown in before.items() if shows_figures(name, shown)
    ]
    publish(round_=round_)
    published = {name: read() for name, read in surfaces.items()}
    assert all(shows_figures(name, shown) for name, shown in published.items()), [
        name for name, shown in published.items() if not shows_figures(name, shown)
    ]
    add_responses(round_, 1, role="ouder", now="gemeenschap", remark="Nieuw hier")
    after = {name: read() for name, read in surfaces.items()}
    for name in surfaces:
        if isinstance(after[name], dict):
            assert after[name] == published[name], name
        else:
            assert "20 antwoorden" not in after[name] and "Nieuw hier" not in after[name], name


def test_the_comparison_over_time_reads_snapshots(client, alice, org, framework):
    from visiespiegel.rounds.lifecycle import close_round, create_round

    client.force_login(alice)
    first = create_round(organisation=org, title="Najaar", framework=framework)
    add_responses(first, 6)
    close_round(round_=first)
    second = create_round(organisation=org, title="Voorjaar", framework=framework)
    add_responses(second, 7)
    html = page(client, f"/peilingen/{second.pk}/vergelijken/")
    assert "n = 6" in html and "n = 7" not in html  # the open round has nothing published
    publish(round_=second)
    add_responses(second, 1)
    html = page(client, f"/peilingen/{second.pk}/vergelijken/")
    assert "n = 6" in html and "n = 7" in html and "n = 8" not in html
