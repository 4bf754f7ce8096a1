"""Results through the API, the CLI and the selector: the same figures, and nothing about a
group that is too small or could be subtracted to reveal one."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import add_responses, school
from visiespiegel.insights.selectors import results
from visiespiegel.organisations.services import create_token

pytestmark = pytest.mark.django_db
THEMES = ["ondersteuning", "kinderen-ouders", "professionals", "samenspel", "swv", "kwaliteit"]


def test_figures_for_the_whole_round(round_):
    add_responses(round_, 4, now="specialisme", wanted="gemeenschap")
    add_responses(round_, 4, unit="Het Kompas", role="ouder", now="maatwerk", wanted="maatwerk")
    data = results(round_)
    assert data["n"] == 8
    assert data["suppressed"] is False
    first = data["themes"][0]
    assert first["theme"] == "ondersteuning"
    assert first["now"]["counts"] == {
        "specialisme": 4,
        "maatwerk": 4,
        "sterke-basis": 0,
        "gemeenschap": 0,
    }
    assert first["now"]["mean"] == 1.5
    assert first["now"]["consensus"] == 0.737  # [4, 4, 0, 0]: two neighbours, split evenly
    assert first["wanted"]["mean"] == 3.0
    assert first["shift"] == 1.5
    assert first["transitions"]["specialisme"] == {
        "specialisme": 0,
        "maatwerk": 0,
        "sterke-basis": 0,
        "gemeenschap": 4,
    }
    assert first["transitions"]["maatwerk"]["maatwerk"] == 4
    assert data["profile"] == {"now": 1.5, "wanted": 3.0}


def test_small_groups_and_differences_are_suppressed(round_):
    add_responses(round_, 6)  # De Regenboog, leraar
    add_responses(round_, 2, role="ouder")  # De Regenboog, ouder
    board = round_.organisation.units.get(name="Bestuur Noord")
    regenboog = school(round_.organisation)
    assert results(round_)["n"] == 8
    # Two parents in De Regenboog: below k.
    assert results(round_, unit_id=regenboog.pk, role="ouder") == {"n": None, "suppressed": True}
    # Six teachers of 8 in De Regenboog: 8 - 6 = 2 would reveal the two parents.
    assert results(round_, unit_id=regenboog.pk, role="leraar")["suppressed"] is True
    assert results(round_, role="leraar")["suppressed"] is True
    # The school equals its board and the whole round: a difference of 0 reveals nothing.
    assert results(round_, unit_id=regenboog.pk)["n"] == 8
    assert results(round_, unit_id=board.pk)["n"] == 8


def test_an_ancestor_is_checked_even_when_the_parent_is_hidden(round_, org):
    from visiespiegel.organisations.services import add_unit

    team = add_unit(organisation=org, name="Team", parent=school(org))
    add_responses(round_, 10, unit="Team")
    add_responses(round_, 2, unit="Het Kompas")
    # Team (10) = De Regenboog (10), whose board (12) is suppressed by nothing; but the
    # whole round (12) minus Team (10) = 2, so Team must be hidden; so must its school.
    assert results(round_, unit_id=team.pk)["suppressed"] is True
    assert results(round_, unit_id=school(org).pk)["suppressed"] is True
    assert results(round_)["n"] == 12


def test_a_fixed_number_of_queries_however_many_responses(round_):
    add_responses(round_, 5)

    def count():
        with CaptureQueriesContext(connection) as queries:
            results(round_, role="leraar")
        return len(queries)

    few = count()
    add_responses(round_, 40)
    add_responses(round_, 20, unit="Het Kompas")
    assert count() == few == 6


def test_api_and_cli_give_the_same_json(client, alice, round_):
    add_responses(round_, 5)
    token = create_token(user=alice)
    api = client.get(f"/api/v1/rounds/{round_.pk}/results", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 200
    out = StringIO()
    call_command("round", "results", str(round_.pk), "--json", stdout=out)
    assert api.json() == json.loads(out.getvalue()) == results(round_)
    assert list(api.json()) == ["n", "suppressed", "profile", "themes"]
    assert list(api.json()["themes"][0]) == ["theme", "now", "wanted", "shift", "transitions"]


def test_api_filters_suppression_and_authorization(client, alice, bob, round_):
    add_responses(round_, 5)
    add_responses(round_, 1, role="ouder")
    own = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user=alice)}"}
    url = f"/api/v1/rounds/{round_.pk}/results"
    unit = school(round_.organisation).pk
    assert client.get(f"{url}?role=ouder", **own).json() == {"n": None, "suppressed": True}
    assert client.get(f"{url}?unit={unit}&role=leraar", **own).json() == {
        "n": None,
        "suppressed": True,
    }  # 6 - 5 = 1 would reveal the parent
    assert client.get(f"{url}?role=directeur", **own).status_code == 422
    assert client.get(f"{url}?unit=999999", **own).status_code == 404
    assert client.get(url).status_code == 401
    other = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user=bob)}"}
    assert client.get(url, **other).status_code == 404
    assert (
        client.get(
            f"{url}?unit={bob.memberships.get().organisation.units.first().pk}", **own
        ).status_code
        == 404
    )


def test_cli_suppressed_and_errors(round_):
    from django.core.management.base import CommandError

    add_responses(round_, 3)
    out = StringIO()
    call_command("round", "results", str(round_.pk), stdout=out)
    assert json.loads(out.getvalue()) == {"n": None, "suppressed": True}
    with pytest.raises(CommandError, match="unknown role"):
        call_command("round", "results", str(round_.pk), "--role", "x")


def test_counts_sum_the_weights(round_):
    from visiespiegel.rounds.models import Answer

    add_responses(round_, 5)
    # A later points mode stores weights other than 1 in the same rows.
    Answer.objects.filter(response=round_.responses.first()).update(weight=3)
    assert results(round_)["themes"][0]["now"]["counts"]["specialisme"] == 7
