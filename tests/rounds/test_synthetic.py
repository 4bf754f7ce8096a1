"""Rounds with made-up answers: created with --synthetic, filled in bulk through the same checks
and inserts as real answers, and shown as test data wherever they appear."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests import factories
from tests.rounds.test_tally import counted_from_answers, tallied
from visiespiegel.organisations.services import add_unit
from visiespiegel.rounds import synthetic
from visiespiegel.rounds.lifecycle import close_round, create_round
from visiespiegel.rounds.models import Answer, Response, Round
from visiespiegel.rounds.submission import RoundClosed, submit_many

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("round", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def test_round(org, framework):
    board = add_unit(organisation=org, name="Bestuur", kind="bestuur")
    for name in ("De Regenboog", "Het Kompas", "De Wilgen"):
        add_unit(organisation=org, name=name, parent=board)
    created = json.loads(run("create", org.slug, "--title", "Oefenen", "--synthetic", "--json"))
    assert created["synthetic"] is True
    return Round.objects.get(pk=created["id"])


def test_fill_adds_checked_answers_and_keeps_the_tally(test_round):
    output = run("fill", str(test_round.pk), "--responses", "300", "--seed", "4")
    assert "300 made-up responses added" in output
    assert "seed 4" in output
    assert Response.objects.filter(round=test_round).count() == 300
    themes = len(factories.theme_keys())
    assert Answer.objects.filter(round=test_round).count() == 300 * themes * 2
    assert tallied(test_round) == counted_from_answers(test_round)
    # People answer for schools, never for the board above them, and only in offered roles.
    units = set(Response.objects.filter(round=test_round).values_list("unit__name", flat=True))
    assert units <= {"De Regenboog", "Het Kompas", "De Wilgen"}
    roles = set(Response.objects.filter(round=test_round).values_list("role", flat=True))
    assert roles <= set(test_round.roles) and len(roles) > 3


def test_the_same_seed_draws_the_same_people(test_round):
    run("fill", str(test_round.pk), "--responses", "50", "--seed", "9")
    again = run("fill", str(test_round.pk), "--responses", "80", "--seed", "9")
    assert "30 made-up responses added" in again
    assert "50 drawn before with this seed were already there" in again
    assert Response.objects.filter(round=test_round).count() == 80
    assert tallied(test_round) == counted_from_answers(test_round)


def test_schools_differ(test_round):
    """Schools get their own culture, so comparisons have something to show."""
    synthetic.fill(test_round, 1500, seed=1)
    means = []
    for name in ("De Regenboog", "Het Kompas", "De Wilgen"):
        models = Answer.objects.filter(
            round=test_round, kind="now", response__unit__name=name
        ).values_list("model__position", flat=True)
        means.append(sum(models) / len(models))
    assert max(means) - min(means) > 0.1


def test_only_test_rounds_can_be_filled(round_):
    with pytest.raises(CommandError, match="testgegevens"):
        run("fill", str(round_.pk), "--responses", "10")
    assert not Response.objects.filter(round=round_).exists()


def test_a_closed_round_takes_nothing(test_round):
    close_round(round_=test_round)
    with pytest.raises(CommandError, match="not open"):
        run("fill", str(test_round.pk), "--responses", "10")
    assert not Response.objects.filter(round=test_round).exists()


def test_bulk_submissions_refuse_a_closed_round_without_half_saving(test_round):
    drawn = list(synthetic.draw(test_round, 20, seed=3))
    close_round(round_=test_round)
    with pytest.raises(RoundClosed):
        submit_many(round_=test_round, submissions=drawn)
    assert not Answer.objects.filter(round=test_round).exists()


def test_fill_checks_its_arguments(test_round):
    with pytest.raises(CommandError, match="between 1 and"):
        run("fill", str(test_round.pk), "--responses", "0")
    with pytest.raises(CommandError, match="no round"):
        run("fill", "999999", "--responses", "5")


def test_any_framework_can_be_filled(org, wide):
    """Five models and seven themes, say: the tendencies stretch."""
    round_ = create_round(organisation=org, title="Ander", framework=wide, synthetic=True)
    synthetic.fill(round_, 40, seed=2)
    assert Answer.objects.filter(round=round_).count() == 40 * 7 * 2
    assert tallied(round_) == counted_from_answers(round_)


def test_test_data_is_marked_everywhere(client, alice, test_round):
    run("fill", str(test_round.pk), "--responses", "30", "--seed", "1")
    client.force_login(alice)
    pages = [
        f"/org/{test_round.organisation.slug}/",
        f"/peilingen/{test_round.pk}/",
        f"/peilingen/{test_round.pk}/resultaten/",
        f"/peilingen/{test_round.pk}/vergelijken/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "status--test" in response.content.decode(), url
    joined = client.get(f"/d/{test_round.code}/")
    assert "testgegevens" in joined.content.decode()
    assert client.get(f"/api/v1/join/{test_round.code}").json()["round"]["synthetic"] is True
