"""Live sessions: steps kept in the database, figures revealed through the door, one vote per
phone per theme, counts shown only when the vote closes with k votes (and no way for scripted
phones to read one vote off the screen), vote cookies per network, connected phones, the
decision recorded in the ambition; the phones' pages."""

import re
import time

import pytest
from django.test import Client

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


def test_votes_one_per_phone_counted_at_closing(session):
    with pytest.raises(services.PollClosed):
        services.cast_vote(session=session, theme="swv", voter_token="a", model="maatwerk")
    poll = services.open_poll(session=session, theme="swv")

    def vote(phone, model):
        services.cast_vote(session=session, theme="swv", voter_token=phone, model=model)

    vote("a", "maatwerk")
    vote("b", "maatwerk")
    vote("a", "gemeenschap")
    assert Vote.objects.filter(poll=poll).count() == 2  # a changed its vote
    vote("c", "gemeenschap")
    vote("d", "sterke-basis")
    # k = 3 and more have voted, but while the vote is open only their number shows.
    assert services.poll_tally(poll=poll) == services.Tally(votes=4, counts=None)
    poll = services.close_poll(session=session, theme="swv")
    assert services.poll_tally(poll=poll) == services.Tally(
        votes=4, counts={"gemeenschap": 2, "maatwerk": 1, "sterke-basis": 1}
    )
    with pytest.raises(services.PollClosed):
        vote("a", "maatwerk")
    # Closing again counts nothing new.
    assert services.close_poll(session=session, theme="swv").closed_at == poll.closed_at
    # Nothing that identifies a phone: only a hash of its token; and once the session ends,
    # not even that (only the counts shown stay).
    assert "a" not in set(Vote.objects.values_list("voter", flat=True))
    services.end_session(session=session)
    poll.refresh_from_db()
    assert not Vote.objects.exists()
    assert poll.shown == {"gemeenschap": 2, "maatwerk": 1, "sterke-basis": 1}


def test_fewer_than_k_votes_show_no_counts_at_closing(session):
    services.open_poll(session=session, theme="swv")
    for phone in ("a", "b"):
        services.cast_vote(session=session, theme="swv", voter_token=phone, model="maatwerk")
    poll = services.close_poll(session=session, theme="swv")
    assert services.poll_tally(poll=poll) == services.Tally(votes=2, counts=None)


def test_reopening_starts_a_fresh_vote(client, session):
    services.open_poll(session=session, theme="swv")
    for phone in ("a", "b", "c"):
        services.cast_vote(session=session, theme="swv", voter_token=phone, model="maatwerk")
    poll = services.close_poll(session=session, theme="swv")
    assert poll.shown == {"maatwerk": 3}
    # Opening a vote that is open changes nothing.
    services.open_poll(session=session, theme="swv")
    services.open_poll(session=session, theme="swv")
    poll = services.open_poll(session=session, theme="swv")
    assert services.poll_tally(poll=poll) == services.Tally(votes=0, counts=None)
    services.cast_vote(session=session, theme="swv", voter_token="a", model="gemeenschap")
    assert services.open_poll(session=session, theme="swv").votes.count() == 1
    poll = services.close_poll(session=session, theme="swv")
    assert services.poll_tally(poll=poll) == services.Tally(votes=1, counts=None)


def _projector(session, presenter, moves) -> list[str]:
    """Plays the moves of the phones in the room (name, model) in order, or "close"; after each
    move, what the screen shows."""
    phones = {}
    shown = []
    for move in moves:
        if move == "close":
            presenter.post(f"/sessies/{session.pk}/actie/", {"action": "close"})
        else:
            name, model = move
            if name not in phones:
                phones[name] = Client()  # a new cookie for each phone, as a script takes
                phones[name].get(f"/s/{session.code}/")
            phones[name].post(f"/s/{session.code}/stem/", {"model": model})
        shown.append(presenter.get(f"/sessies/{session.pk}/live/").content.decode())
    return shown


def test_k_scripted_phones_cannot_read_one_vote_off_the_screen(client, alice, round_, monkeypatch):
    """Issue #17, replayed: k = 3 scripted phones vote, the victim votes, the script switches
    its k votes, then adds k new phones. Two rooms that differ only in the victim's vote (an
    honest phone voted the other way, so the final counts are alike) show the same screen at
    every moment: nothing on it tells the victim's vote."""
    now = time.time()
    monkeypatch.setattr(live, "_now", lambda: now)  # one quarter minute: alike phone counts
    round_.threshold = 3
    round_.save()
    client.force_login(alice)
    attacker = [(f"script-{i}", "specialisme") for i in range(3)]
    switched = [(f"script-{i}", "maatwerk") for i in range(3)]
    added = [(f"script-{i}", "maatwerk") for i in range(3, 6)]
    screens = []
    for victim, honest in (("gemeenschap", "sterke-basis"), ("sterke-basis", "gemeenschap")):
        session = services.start_session(round_=round_, unit=None)
        services.open_poll(session=session, theme="ondersteuning")
        Session.objects.filter(pk=session.pk).update(step=vote_step(session))
        moves = [("honest", honest), ("other", "gemeenschap"), *attacker, ("victim", victim),
                 *switched, *added, "close"]  # fmt: skip
        screens.append(_projector(session, client, moves))
    assert screens[0] == screens[1]
    open_screens, closed = screens[0][:-1], screens[0][-1]
    assert all("presenter__tally" not in screen for screen in open_screens)
    votes = [int(re.search(r'id="stemmen">(\d+)<', screen).group(1)) for screen in open_screens]
    assert votes == [1, 2, 3, 4, 5, 6, 6, 6, 6, 7, 8, 9]
    assert re.findall(r"<span>(\d+) \((\d+)%\)</span>", closed) == [
        ("0", "0"), ("6", "67"), ("1", "11"), ("2", "22"),
    ]  # fmt: skip


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


def test_a_network_gets_only_so_many_vote_cookies(settings, session):
    settings.VOTE_COOKIES_PER_NETWORK = 2
    services.open_poll(session=session, theme="ondersteuning")
    Session.objects.filter(pk=session.pk).update(step=vote_step(session))
    school = [Client(REMOTE_ADDR=f"192.0.2.{i}") for i in range(1, 4)]  # one /24
    pages = [phone.get(f"/s/{session.code}/").content.decode() for phone in school]
    assert [live.VOTER_COOKIE in phone.cookies for phone in school] == [True, True, False]
    assert ["Naar welk model" in page for page in pages] == [True, True, False]
    assert "Vanaf dit netwerk doen al zo veel telefoons mee" in pages[2]
    # A phone with its cookie keeps it, however often it comes back.
    assert "Naar welk model" in school[0].get(f"/s/{session.code}/").content.decode()
    # A made-up cookie, or one signed for another session, does not vote.
    other = services.start_session(round_=session.round, unit=None)
    school[1].get(f"/s/{other.code}/")
    signed_elsewhere = school[1].cookies[live.VOTER_COOKIE].value
    for forged in ("made-up", signed_elsewhere):
        school[2].cookies[live.VOTER_COOKIE] = forged
        school[2].post(f"/s/{session.code}/stem/", {"model": "maatwerk"})
    assert not Vote.objects.exists()
    # Another network is not refused because of the school's.
    home = Client(REMOTE_ADDR="198.51.100.7")
    home.get(f"/s/{session.code}/")
    home.post(f"/s/{session.code}/stem/", {"model": "maatwerk"})
    assert Vote.objects.count() == 1


def test_the_presenter_counts_connected_phones(client, alice, session, monkeypatch):
    clock = [(int(time.time()) // live.SEEN_SECONDS) * live.SEEN_SECONDS + 1.0]
    monkeypatch.setattr(live, "_now", lambda: clock[0])
    client.force_login(alice)

    def connected() -> str:
        part = client.get(f"/sessies/{session.pk}/live/").content.decode()
        return re.search(r'id="telefoons">([^<]*)<', part).group(1)

    assert connected() == "0 telefoons verbonden"
    phones = [Client() for _ in range(3)]
    for phone in phones[:2]:
        phone.get(f"/s/{session.code}/")
    state = {"stand": live._state(session)}
    for _ in range(3):  # asking again and again is still one phone
        phones[0].get(f"/s/{session.code}/stand/", state)
    assert connected() == "2 telefoons verbonden"
    clock[0] += live.SEEN_SECONDS  # the next quarter minute: only the first phone asks
    phones[0].get(f"/s/{session.code}/stand/", state)
    assert connected() == "2 telefoons verbonden"  # the quarter before still counts
    clock[0] += live.SEEN_SECONDS
    phones[0].get(f"/s/{session.code}/stand/", state)
    assert connected() == "1 telefoon verbonden"
    # A phone without a vote cookie of this session is not counted.
    phones[2].get(f"/s/{session.code}/stand/", state)
    assert connected() == "1 telefoon verbonden"
