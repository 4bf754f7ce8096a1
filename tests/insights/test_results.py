"""Results through the door: the API, the CLI and the selectors give the same published figures,
nothing about a group that is too small or derivable, and nothing that moves by fewer than k."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import add_responses, school
from visiespiegel.insights import selectors
from visiespiegel.insights.services import publish
from visiespiegel.organisations.services import create_token
from visiespiegel.rounds.lifecycle import close_round, update_round

pytestmark = pytest.mark.django_db
SUPPRESSED = {"n": None, "suppressed": True}


def closed(round_):
    close_round(round_=round_)
    return round_


def figures(round_, **group):
    return selectors.results(round_, **group).figures


def test_figures_for_the_whole_round_after_closing(round_):
    add_responses(round_, 4, now="specialisme", wanted="gemeenschap")
    add_responses(round_, 4, unit="Het Kompas", role="ouder", now="maatwerk", wanted="maatwerk")
    assert figures(round_) == SUPPRESSED  # open, nothing published yet
    data = figures(closed(round_))
    assert round_.snapshots.get().final is True
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


def test_the_school_minus_its_shown_roles_is_closed(round_):
    """The issue's trap: 10 teachers, 8 parents, 2 intern begeleiders in one school."""
    add_responses(round_, 10)
    add_responses(round_, 8, role="ouder")
    add_responses(round_, 2, role="intern-begeleider")
    closed(round_)
    regenboog = school(round_.organisation).pk
    shown = {
        role: selectors.results(round_, unit_id=regenboog, role=role).shown
        for role in ("leraar", "ouder", "intern-begeleider")
    }
    assert figures(round_, unit_id=regenboog)["n"] == 20
    assert figures(round_)["n"] == 20
    assert shown["intern-begeleider"] is False
    assert shown["leraar"] is True
    assert shown["ouder"] is False  # 20 - 10 - 8 would be the two intern begeleiders
    assert selectors.results(round_, unit_id=regenboog, role="ouder").state == "derivable"


def test_an_ancestor_minus_a_unit_with_one_child(org, framework):
    from visiespiegel.organisations.services import add_unit
    from visiespiegel.rounds.lifecycle import create_round

    team = add_unit(organisation=org, name="Team", parent=school(org))
    # A round owns the units there are when it opens: the team first, then the round.
    round_ = create_round(organisation=org, title="Studiedag", framework=framework)
    add_responses(round_, 10, unit="Team")
    add_responses(round_, 2, unit="Het Kompas")
    closed(round_)
    # The whole round (12) minus Team (10) = 2: Team, its school and the board (all 10 or
    # 12 of them) cannot all be shown beside the round.
    assert figures(round_)["n"] == 12
    board = org.units.get(name="Bestuur Noord").pk
    shown = [selectors.results(round_, unit_id=u).shown for u in (team.pk, school(org).pk)]
    assert shown == [False, False]
    assert figures(round_, unit_id=board)["n"] == 12


def test_a_fixed_number_of_queries_however_many_responses(round_):
    add_responses(round_, 5)
    publish(round_=round_)

    def count():
        with CaptureQueriesContext(connection) as queries:
            selectors.results(round_, role="leraar")
        return len(queries)

    few = count()
    add_responses(round_, 40)
    add_responses(round_, 20, unit="Het Kompas")
    publish(round_=round_)
    assert count() == few == 4


def test_api_and_cli_give_the_same_json(client, alice, round_):
    add_responses(round_, 5)
    closed(round_)
    token = create_token(user=alice)
    api = client.get(f"/api/v1/rounds/{round_.pk}/results", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 200
    out = StringIO()
    call_command("round", "results", str(round_.pk), "--json", stdout=out)
    assert api.json() == json.loads(out.getvalue()) == figures(round_)
    assert list(api.json()) == ["n", "suppressed", "profile", "themes", "published_at"]
    assert list(api.json()["themes"][0]) == ["theme", "now", "wanted", "shift", "transitions"]


def test_api_filters_suppression_and_authorization(client, alice, bob, rita, round_):
    add_responses(round_, 5)
    add_responses(round_, 1, role="ouder")
    closed(round_)
    own = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user=alice)}"}
    url = f"/api/v1/rounds/{round_.pk}/results"
    unit = school(round_.organisation).pk
    assert client.get(f"{url}?role=ouder", **own).json() == SUPPRESSED
    # 6 - 5 = 1 would reveal the parent
    assert client.get(f"{url}?unit={unit}&role=leraar", **own).json() == SUPPRESSED
    assert client.get(f"{url}?role=directeur", **own).status_code == 422
    assert client.get(f"{url}?unit=999999", **own).status_code == 404
    assert client.get(url).status_code == 401
    other = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user=bob)}"}
    assert client.get(url, **other).status_code == 404
    foreign = bob.memberships.get().organisation.units.first().pk
    assert client.get(f"{url}?unit={foreign}", **own).status_code == 404
    reader = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user=rita)}"}
    snapshots = f"/api/v1/rounds/{round_.pk}/snapshots"
    assert client.post(snapshots, content_type="application/json", **reader).status_code == 403
    assert client.post(snapshots, content_type="application/json", **own).status_code == 409


def test_cli_suppressed_publish_and_errors(round_):
    add_responses(round_, 3)
    out = StringIO()
    call_command("round", "results", str(round_.pk), stdout=out)
    assert json.loads(out.getvalue()) == SUPPRESSED
    add_responses(round_, 2)
    out = StringIO()
    call_command("round", "publish", str(round_.pk), stdout=out)
    assert json.loads(out.getvalue())["responses"] == 5
    out = StringIO()
    call_command("round", "results", str(round_.pk), stdout=out)
    assert json.loads(out.getvalue())["n"] == 5
    with pytest.raises(CommandError, match="unknown role"):
        call_command("round", "results", str(round_.pk), "--role", "x")
    call_command("round", "close", str(round_.pk), stdout=StringIO())
    with pytest.raises(CommandError, match="closed"):
        call_command("round", "publish", str(round_.pk), stdout=StringIO())


def test_recount_rebuilds_lost_counts(round_):
    from visiespiegel.rounds.models import Tally

    add_responses(round_, 5)
    add_responses(round_, 2, now="gemeenschap")
    Tally.objects.filter(round=round_).delete()  # lost behind the write path's back
    call_command("round", "recount", str(round_.pk), stdout=StringIO())
    counts = figures(closed(round_))["themes"][0]["now"]["counts"]
    assert counts["specialisme"] == 5 and counts["gemeenschap"] == 2


def test_figures_never_move_by_fewer_than_k(round_):
    """Read, add one response, read again: nothing moves. An interim snapshot updates a group
    only when 0 or at least k of its people changed; otherwise it keeps the earlier figures."""
    add_responses(round_, 6)
    first = publish(round_=round_)
    before = figures(round_)
    add_responses(round_, 1, now="gemeenschap")
    assert figures(round_) == before  # no new snapshot: the same figures
    publish(round_=round_)
    kept = selectors.results(round_)
    assert kept.kept and kept.figures == before and kept.as_of == first.created_at
    add_responses(round_, 4, now="gemeenschap")  # 5 changes since the figures shown
    publish(round_=round_)
    assert figures(round_)["n"] == 11
    # Closing makes a final snapshot under the same rule.
    add_responses(round_, 2)
    closed(round_)
    final = selectors.results(round_)
    assert final.kept and final.figures["n"] == 11


def test_a_revision_counts_as_a_change(round_):
    from tests.conftest import all_answers
    from visiespiegel.rounds.submission import revise_response

    add_responses(round_, 6)
    publish(round_=round_)
    revise_response(response=round_.responses.first(), answers=all_answers(now="maatwerk"))
    publish(round_=round_)
    assert selectors.results(round_).kept
    assert figures(round_)["themes"][0]["now"]["counts"]["maatwerk"] == 0


def test_the_threshold_only_goes_up_once_there_are_answers(round_):
    from django.core.exceptions import ValidationError

    settings = {"title": "T", "roles": round_.roles, "units": []}
    update_round(round_=round_, threshold=4, **settings)  # no answers yet: free
    add_responses(round_, 3)
    with pytest.raises(ValidationError, match="alleen omhoog"):
        update_round(round_=round_, threshold=3, **settings)
    update_round(round_=round_, threshold=6, **settings)
    with pytest.raises(ValidationError, match="alleen omhoog"):
        update_round(round_=round_, threshold=5, **settings)
    round_.refresh_from_db()
    assert round_.threshold == 6


def test_the_comparison_over_time_takes_the_same_queries_for_any_number_of_rounds(org, framework):
    from visiespiegel.rounds.lifecycle import create_round

    def count():
        with CaptureQueriesContext(connection) as queries:
            selectors.trend(org)
        return len(queries)

    def closed_round(title):
        made = create_round(organisation=org, title=title, framework=framework)
        add_responses(made, 5)
        close_round(round_=made)
        selectors.snapshot_publishing_final(made)  # publishes once, on first read

    closed_round("Een")
    one = count()
    for number in range(4):
        closed_round(f"Ronde {number}")
    assert count() == one
