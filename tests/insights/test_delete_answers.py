"""Deleting a round's raw answers after the retention period: the published results stay
exactly as they were, what each person chose is gone, and the round cannot open again."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.conftest import add_responses
from visiespiegel.insights import report, selectors
from visiespiegel.insights.services import AnswersKept, delete_raw_answers
from visiespiegel.organisations.services import create_token
from visiespiegel.rounds.lifecycle import close_round, open_round, update_round
from visiespiegel.rounds.models import Answer, Remark, Response, Tally

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_round(round_, settings):
    settings.ANSWER_RETENTION_DAYS = 30
    add_responses(round_, 6, remark="Meer tijd")
    add_responses(round_, 5, unit="Het Kompas", role="ouder")
    close_round(round_=round_)
    return round_


def after_retention(round_):
    return round_.closed_at + timedelta(days=30, minutes=1)


def test_not_before_the_retention_period_and_never_while_open(round_, closed_round):
    with pytest.raises(AnswersKept, match="bewaartermijn loopt tot"):
        delete_raw_answers(round_=closed_round)
    assert Response.objects.filter(round=closed_round).count() == 11


def test_an_open_round_keeps_its_answers(org, framework):
    from visiespiegel.rounds.lifecycle import create_round

    open_one = create_round(organisation=org, title="Open", framework=framework)
    with pytest.raises(AnswersKept, match="nog open"):
        delete_raw_answers(round_=open_one, now=timezone.now() + timedelta(days=400))


def test_results_stay_and_answers_go(closed_round):
    before = [(u, r, p.figures) for u, r, p in selectors.every_group(closed_round)]
    remarks_before = [r.text for r in selectors.remarks(closed_round).visible]
    assert remarks_before
    deleted = delete_raw_answers(round_=closed_round, now=after_retention(closed_round))
    assert deleted == 11
    assert not Response.objects.filter(round=closed_round).exists()
    assert not Answer.objects.filter(round=closed_round).exists()
    assert not Remark.objects.filter(response__round=closed_round).exists()
    kinds = set(Tally.objects.filter(round=closed_round).values_list("kind", flat=True))
    assert kinds == {Tally.PEOPLE}  # participation counts stay, choices go
    after = [(u, r, p.figures) for u, r, p in selectors.every_group(closed_round)]
    assert after == before
    assert [r.text for r in selectors.remarks(closed_round).visible] == remarks_before
    assert report.pdf(closed_round).startswith(b"%PDF-")
    # Once is enough.
    assert delete_raw_answers(round_=closed_round, now=after_retention(closed_round)) == 0


def test_the_round_stays_closed(closed_round):
    delete_raw_answers(round_=closed_round, now=after_retention(closed_round))
    with pytest.raises(ValidationError, match="blijft gesloten"):
        open_round(round_=closed_round)
    with pytest.raises(ValidationError, match="blijft gesloten"):
        update_round(
            round_=closed_round,
            title="Nieuw",
            threshold=closed_round.threshold,
            roles=closed_round.roles,
            units=[],
            closes_at=timezone.now() + timedelta(days=3),
        )


def test_archive_and_recount_refuse(client, closed_round, alice):
    delete_raw_answers(round_=closed_round, now=after_retention(closed_round))
    token = create_token(user=alice)
    response = client.get(
        f"/api/v1/rounds/{closed_round.pk}/archive", HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 409 and "verwijderd" in response.json()["detail"]
    with pytest.raises(CommandError, match="verwijderd"):
        call_command("round", "recount", str(closed_round.pk))


def test_the_page_for_managers(client, closed_round, alice, settings):
    from tests.factories import user

    base = f"/peilingen/{closed_round.pk}/antwoorden-verwijderen/"
    client.force_login(user("carl", closed_round.organisation, role="coordinator"))
    assert client.get(base).status_code == 403
    client.force_login(alice)
    assert "De bewaartermijn loopt tot" in client.get(base).content.decode()
    settings.ANSWER_RETENTION_DAYS = 0
    page = client.get(base).content.decode()
    assert "Er worden 11 antwoorden verwijderd" in page
    wrong = client.post(base, {"code": "XXXX XXXX"})
    assert "Dat is niet de code" in wrong.content.decode()
    assert Response.objects.filter(round=closed_round).exists()
    done = client.post(base, {"code": closed_round.code}, follow=True)
    assert "11 antwoorden verwijderd" in done.content.decode()
    assert not Response.objects.filter(round=closed_round).exists()
    assert "Ruwe antwoorden verwijderd op" in done.content.decode()


def test_the_command(closed_round, settings):
    settings.ANSWER_RETENTION_DAYS = 0
    call_command("round", "delete-answers", str(closed_round.pk))
    assert not Response.objects.filter(round=closed_round).exists()
