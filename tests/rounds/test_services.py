import uuid

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import all_answers, school
from visiespiegel.rounds.lifecycle import close_round, create_round, open_round
from visiespiegel.rounds.models import Answer, Remark, Response
from visiespiegel.rounds.submission import (
    AnswerIn,
    RoundClosed,
    SubmissionInvalid,
    revise_response,
    submit_response,
)

pytestmark = pytest.mark.django_db


def submit(round_, key=None, **kwargs):
    defaults = {
        "role": "leraar",
        "unit_id": school(round_.organisation).pk,
        "answers": all_answers(),
    }
    return submit_response(
        round_=round_, idempotency_key=key or uuid.uuid4(), **{**defaults, **kwargs}
    )


def test_create_round_defaults(round_):
    assert round_.threshold == 5
    assert len(round_.code) == 8
    assert round_.is_open()
    assert "ouder" in round_.roles and len(round_.roles) == 10
    assert "leerling" not in round_.roles  # pupils take part only when a round asks them


def test_threshold_is_never_below_three(org, framework):
    with pytest.raises(ValidationError) as caught:
        create_round(organisation=org, title="x", framework=framework, threshold=2)
    assert "threshold" in caught.value.message_dict


def test_units_of_another_organisation_are_refused(org, other_org, framework):
    with pytest.raises(ValidationError) as caught:
        create_round(
            organisation=org, title="x", framework=framework, units=[other_org.units.first()]
        )
    assert "units" in caught.value.message_dict


def test_submit_stores_two_answers_per_theme_and_remarks(round_):
    response, token, created = submit(round_, answers=all_answers(remark="Mooi"))
    assert created and len(token) == 64
    assert Answer.objects.filter(response=response).count() == 12
    assert set(Answer.objects.values_list("weight", flat=True)) == {1}
    assert Remark.objects.filter(response=response).count() == 6


def test_the_same_key_twice_gives_one_response(round_):
    key = uuid.uuid4()
    first = submit(round_, key=key)
    again = submit(round_, key=key)
    assert (again[0].pk, again[1], again[2]) == (first[0].pk, first[1], False)
    assert Response.objects.count() == 1


def test_every_invalid_part_is_reported_and_nothing_is_stored(round_, other_org):
    answers = all_answers()
    answers[1] = AnswerIn(theme="onbekend", now="specialisme", wanted="maatwerk")
    answers[2] = AnswerIn(theme="ondersteuning", now="x", wanted="maatwerk")
    answers[3] = AnswerIn(theme="samenspel", now="maatwerk", wanted="maatwerk", remark="a" * 501)
    with pytest.raises(SubmissionInvalid) as caught:
        submit(round_, role="directeur", unit_id=other_org.units.first().pk, answers=answers)
    assert [loc for loc, _msg in caught.value.errors] == [
        ("role",),
        ("unit",),
        ("answers", 1, "theme"),
        ("answers", 2, "theme"),
        ("answers", 2, "now"),
        ("answers", 3, "remark"),
        ("answers",),
    ]
    assert Response.objects.count() == 0


def test_closed_round_accepts_nothing_and_reopens(round_):
    close_round(round_=round_)
    with pytest.raises(RoundClosed):
        submit(round_)
    open_round(round_=round_)
    assert submit(round_)[2] is True


def test_revise_replaces_the_answers_and_keeps_role_and_unit(round_):
    response, _token, _ = submit(round_, answers=all_answers(remark="eerst"))
    kept = Remark.objects.get(theme__key="ondersteuning")
    answers = all_answers(now="maatwerk", wanted="maatwerk")
    answers[0] = AnswerIn(theme="ondersteuning", now="maatwerk", wanted="maatwerk", remark="eerst")
    revise_response(response=response, answers=answers)
    response.refresh_from_db()
    assert (response.role, response.unit.name, response.version) == ("leraar", "De Regenboog", 2)
    assert set(Answer.objects.values_list("model__key", flat=True)) == {"maatwerk"}
    # The one unchanged remark keeps its row (and a coordinator's decision to hide it).
    assert list(Remark.objects.values_list("pk", "text")) == [(kept.pk, "eerst")]
    close_round(round_=round_)
    with pytest.raises(RoundClosed):
        revise_response(response=response, answers=all_answers())


def test_stale_drafts_are_purged_and_responses_stay(round_):
    from datetime import timedelta

    from django.utils import timezone

    from visiespiegel.rounds.drafts import purge_drafts, start_draft
    from visiespiegel.rounds.models import Draft

    old, _ = start_draft(round_=round_)
    fresh, _ = start_draft(round_=round_)
    response, _token, _ = submit(round_)
    Draft.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=61))
    assert purge_drafts(days=60) == 1
    assert list(Draft.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert Response.objects.filter(pk=response.pk).exists()
