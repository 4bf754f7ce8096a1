"""Live sessions: steps kept in the database, figures revealed through the door, one vote per
phone per theme, counts shown from k votes and moving only by k, the decision recorded in the
ambition; the phones' pages."""

import re

import pytest

from tests.conftest import add_responses
from visiespiegel.dialogue import live, selectors, services
from visiespiegel.dialogue.models import Poll, Session, Vote
from visiespiegel.insights.models import Snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(round_):
    round_.threshold = 3
    round_.save()
    return services.start_session(round_=round_, unit=None)


def vote_step(session, theme_number=1) -> int:
    return 2 + (theme_number - 1) * 4 + 3


def test_steps_and_moving_through_them(session):
    steps = live.steps_of(session)
    assert [s.kind for s in steps[:6]] == [
        "welcome", "participation", "stances", "figures", "risks", "vote",
    ]  # fmt: skip
    assert steps[-1].kind == "choice" and len(steps) == 2 + 6 * 4 + 1
    services.go_to(session=session, step=99, last=len(steps) - 1)
    assert Session.objects.get(pk=session.pk).step == len(steps) - 1
    services.go_to(session=session, step=-3, last=len(steps) - 1)
    assert Session.objects.get(pk=session.pk).step == 0


def test_votes_one_per_phone_and_counts_from_k(session):
    with pytest.raises(services.PollClosed):
        services.cast_vote(session=session, theme="swv", voter_token="a", model="maatwerk")
    poll = services.open_poll(session=session, theme="swv")

    def vote(phone, model):
        services.cast_vote(session=session, theme="swv", voter_token=phone, model=model)

    vote("a", "maatwerk")
    vote("b", "maatwerk")
    tally = services.poll_tally(poll=poll, threshold=3)
    assert (tally.votes, tally.counts) == (2, None)  # below k: only how many
    vote("a", "gemeenschap")
    assert Vote.objects.filter(poll=poll).count() == 2  # a changed its vote
    vote("c", "gemeenschap")
    tally = services.poll_tally(poll=poll, threshold=3)
    assert tally.counts == {"gemeenschap": 2, "maatwerk": 1} and not tally.kept
    # One more vote does not move the counts: who voted what would show.
    vote("d", "sterke-basis")
    tally = services.poll_tally(poll=poll, threshold=3)
    assert tally.votes == 4 and tally.counts == {"gemeenschap": 2, "maatwerk": 1} and tally.kept
    # Nor does a phone that switches and switches back to pad the changes.
    vote("c", "maatwerk")
    vote("c", "gemeenschap")
    vote("b", "specialisme")
    vote("b", "maatwerk")
    assert services.poll_tally(poll=poll, threshold=3).counts == {"gemeenschap": 2, "maatwerk": 1}
    # Three phones voting differently from when the counts were shown do move them.
    vote("e", "sterke-basis")
    vote("a", "maatwerk")
    tally = services.poll_tally(poll=poll, threshold=3)
    assert tally.counts == {"maatwerk": 2, "gemeenschap": 1, "sterke-basis": 2}
    services.close_poll(session=session, theme="swv")
    with pytest.raises(services.PollClosed):
        vote("a", "maatwerk")
    # Nothing that identifies a phone: only a hash of its token; and once the session ends,
    # not even that (only the counts shown stay).
    assert "a" not in set(Vote.objects.values_list("voter", flat=True))
    services.end_session(session=session)
    poll.refresh_from_db()
    assert not Vote.objects.exists() and poll.shown_votes is None and poll.shown


def test_reveal_publishes_through_the_door(client, alice, session):
    add_responses(session.round, 6)
    assert not Snapshot.objects.filter(round=session.round).exists()
    client.force_login(alice)
    url = f"/sessies/{session.pk}/actie/"
    client.post(url, {"action": "goto", "step": 3})  # theme 1, figures
    page = client.get(f"/sessies/{session.pk}/").content.decode()
    assert "nog verborgen" in page and "Gemiddeld nu" not in page
    client.post(url, {"action": "reveal"})
    assert Snapshot.objects.filter(round=session.round).count() == 1  # an interim result
    page = client.get(f"/sessies/{session.pk}/").content.decode()
    assert "Gemiddeld nu" in page


def test_a_session_from_start_to_decision(client, alice, rita, round_):
    client.force_login(alice)
    started = client.post(f"/peilingen/{round_.pk}/sessie/")
    session = Session.objects.get()
    assert started["Location"] == f"/sessies/{session.pk}/"
    welcome = client.get(started["Location"]).content.decode()
    assert session.code in welcome and "<svg" in welcome  # the code and its QR
    act = f"/sessies/{session.pk}/actie/"
    client.post(act, {"action": "goto", "step": vote_step(session)})
    client.post(act, {"action": "open"})
    phones = [client.__class__() for _ in range(3)]
    for phone, model in zip(phones, ["gemeenschap", "gemeenschap", "maatwerk"], strict=True):
        page = phone.get(f"/s/{session.code}/")
        assert "Naar welk model" in page.content.decode()
        phone.post(f"/s/{session.code}/stem/", {"model": model})
    assert Vote.objects.count() == 3
    live_part = client.get(f"/sessies/{session.pk}/live/").content.decode()
    assert ">3<" in live_part and "gemeenschap" not in live_part.lower().split("stem")[0]
    client.post(act, {"action": "close"})
    client.post(
        act,
        {"action": "decide", "model": "gemeenschap", "rationale": "Samen", "decided_by": "Team"},
    )
    choice = selectors.current_choices(round_, None)["ondersteuning"]
    assert (choice.model.key, choice.session_id, choice.decided_by) == (
        "gemeenschap",
        session.pk,
        "Team",
    )
    # A reader may watch but not steer.
    client.force_login(rita)
    assert client.get(f"/sessies/{session.pk}/").status_code == 200
    assert client.post(act, {"action": "next"}).status_code == 403


def test_phones_follow_the_step(client, session):
    page = client.get(f"/s/{session.code}/")
    assert page.status_code == 200 and live.VOTER_COOKIE in page.cookies
    state = live._state(session)
    assert client.get(f"/s/{session.code}/stand/", {"stand": state}).status_code == 204
    services.go_to(session=session, step=2, last=26)
    changed = client.get(f"/s/{session.code}/stand/", {"stand": state})
    assert changed.status_code == 200 and changed["HX-Refresh"] == "true"
    assert client.get("/s/", {"code": session.code.lower()})["Location"] == f"/s/{session.code}/"
    assert client.get("/s/ZZZZZZZZ/").status_code == 404
    services.end_session(session=session)
    ended = client.get(f"/s/{session.code}/stand/", {"stand": state})
    assert ended["HX-Refresh"] == "true"  # the phone reloads to say the session has ended
    page = client.get(f"/s/{session.code}/")
    assert page.status_code == 200 and "De sessie is afgelopen" in page.content.decode()
    assert "stand/" not in page.content.decode()  # and stops asking
    # Its open tabs do not count as guessed codes against the school's network.
    for _ in range(40):
        client.get(f"/s/{session.code}/stand/", {"stand": "0"})
    assert client.get(f"/d/{session.round.code}/").status_code == 200


def test_odd_input_is_a_404_not_an_error(client, alice, round_):
    client.force_login(alice)
    assert client.post(f"/peilingen/{round_.pk}/sessie/", {"eenheid": "abc"}).status_code == 404
    assert (
        client.post(f"/peilingen/{round_.pk}/risicoplan/nieuw/", {"risk": "abc"}).status_code == 404
    )


def test_a_session_left_open_for_a_day_is_ended_by_the_next(session):
    from datetime import timedelta

    from django.utils import timezone

    services.open_poll(session=session, theme="swv")
    services.cast_vote(session=session, theme="swv", voter_token="a", model="maatwerk")
    Session.objects.filter(pk=session.pk).update(created_at=timezone.now() - timedelta(days=2))
    services.start_session(round_=session.round, unit=None)
    assert Session.objects.get(pk=session.pk).ended_at is not None
    assert not Vote.objects.exists()


def test_the_timer_counts_down_on_the_screen(client, alice, session):
    client.force_login(alice)
    client.post(f"/sessies/{session.pk}/actie/", {"action": "goto", "step": 4})  # risks
    assert "Tijd" not in client.get(f"/sessies/{session.pk}/live/").content.decode()
    client.post(f"/sessies/{session.pk}/actie/", {"action": "timer"})
    shown = client.get(f"/sessies/{session.pk}/live/").content.decode()
    assert re.search(r"Tijd: <strong>[45]:\d\d</strong>", shown), shown


def test_polls_are_per_theme(session):
    services.open_poll(session=session, theme="swv")
    services.open_poll(session=session, theme="kwaliteit")
    assert Poll.objects.filter(session=session).count() == 2
