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


def new_phone(**kwargs) -> Client:
    """A phone that said it works in education (it reads the framework's source text)."""
    phone = Client(**kwargs)
    phone.cookies[live.AUDIENCE_COOKIE] = live.STAFF
    return phone


def projected(client, session) -> str:
    """The projected screen's main part (the site's header is not shown on it)."""
    page = client.get(f"/sessies/{session.pk}/").content.decode()
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def vote_step(session, theme_number=1) -> int:
    return 2 + (theme_number - 1) * 7 + 6


def regie(session, action="") -> str:
    return f"/sessies/{session.pk}/regie/{action}"


def test_steps_and_moving_through_them(session):
    steps = live.steps_of(session)
    assert [s.kind for s in steps[:10]] == [
        "welcome", "participation", "stances", "figures", "table", "risks", "risks", "questions",
        "vote", "stances",
    ]  # fmt: skip
    assert steps[-1].kind == "choice" and len(steps) == 2 + 6 * 7 + 1
    assert steps[vote_step(session, 2)] == live.Step("vote", steps[9].theme, 2)
    assert [s.name for s in steps[5:7]] == [
        "Thema 1, Visie op ondersteuning: Risico's voor leerling en leraar",
        "Thema 1, Visie op ondersteuning: Risico's voor school en regio",
    ]
    assert steps[vote_step(session)].name == "Thema 1, Visie op ondersteuning: Stemming"
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
            presenter.post(regie(session, "stemming-dicht/"))
        else:
            name, model = move
            if name not in phones:
                phones[name] = new_phone()  # a new cookie for each phone, as a script takes
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
    assert all("slide-chart" not in screen for screen in open_screens)
    votes = [int(re.search(r'id="stemmen">(\d+)<', screen).group(1)) for screen in open_screens]
    assert votes == [1, 2, 3, 4, 5, 6, 6, 6, 6, 7, 8, 9]
    assert re.findall(r"<span>(\d+) \((\d+)%\)</span>", closed) == [
        ("0", "0"), ("6", "67"), ("1", "11"), ("2", "22"),
    ]  # fmt: skip


def test_reveal_publishes_through_the_door(client, alice, session):
    add_responses(session.round, 6)
    assert not Snapshot.objects.filter(round=session.round).exists()
    client.force_login(alice)
    client.post(regie(session, "naar/"), {"step": 3})  # theme 1, figures
    page = client.get(f"/sessies/{session.pk}/").content.decode()
    assert "nog verborgen" in page and "slide-chart" not in page
    client.post(regie(session, "onthullen/"))
    assert Snapshot.objects.filter(round=session.round).count() == 1  # an interim result
    page = client.get(f"/sessies/{session.pk}/").content.decode()
    assert "slide-chart" in page


def test_a_session_from_start_to_decision(client, alice, rita, round_):
    client.force_login(alice)
    started = client.post(f"/peilingen/{round_.pk}/sessie/")
    session = Session.objects.get()
    assert started["Location"] == regie(session)  # the facilitator lands in the control view
    control = client.get(started["Location"]).content.decode()
    assert f'href="/sessies/{session.pk}/"' in control  # with a link to the projected screen
    welcome = client.get(f"/sessies/{session.pk}/").content.decode()
    assert session.code in welcome and "<svg" in welcome  # the code and its QR
    assert client.post(regie(session, "naar/"), {"step": vote_step(session)}).status_code == 302
    assert client.post(regie(session, "stemming-open/"))["Location"] == regie(session)
    phones = [new_phone() for _ in range(3)]
    for phone, model in zip(phones, ["gemeenschap", "gemeenschap", "maatwerk"], strict=True):
        page = phone.get(f"/s/{session.code}/")
        assert "Naar welk model" in page.content.decode()
        phone.post(f"/s/{session.code}/stem/", {"model": model})
    assert Vote.objects.count() == 3
    live_part = client.get(f"/sessies/{session.pk}/live/").content.decode()
    assert ">3<" in live_part and "gemeenschap" not in live_part.lower().split("stem")[0]
    client.post(regie(session, "stemming-dicht/"))
    screen = projected(client, session)
    assert "<form" not in screen and "<input" not in screen and "<textarea" not in screen
    control = client.get(regie(session)).content.decode()
    assert 'name="decided_by"' in control and 'name="rationale"' in control
    client.post(
        regie(session, "besluit/"),
        {"model": "gemeenschap", "rationale": "Samen", "decided_by": "Team"},
    )
    choice = selectors.current_choices(round_, None)["ondersteuning"]
    assert (choice.model.key, choice.session_id, choice.decided_by) == (
        "gemeenschap",
        session.pk,
        "Team",
    )
    screen = projected(client, session)
    assert "Besloten in deze sessie" in screen and "Samen" not in screen
    client.post(regie(session, "naar/"), {"step": len(live.steps_of(session)) - 1})
    ended = client.post(regie(session, "afsluiten/"))
    assert ended["Location"] == f"/peilingen/{round_.pk}/ambitie/"
    assert Session.objects.get().ended_at is not None
    # A reader may watch but not steer, nor open the control view.
    client.force_login(rita)
    assert client.get(f"/sessies/{session.pk}/").status_code == 200
    assert client.get(regie(session)).status_code == 403
    assert client.post(regie(session, "verder/")).status_code == 403


def test_one_url_per_action_each_for_its_step(client, alice, session):
    client.force_login(alice)

    def at() -> int:
        return Session.objects.get(pk=session.pk).step

    client.post(regie(session, "verder/"))
    client.post(regie(session, "verder/"))
    assert at() == 2
    client.post(regie(session, "terug/"))
    assert at() == 1
    assert client.get(regie(session, "verder/")).status_code == 405
    assert client.post(regie(session, "naar/"), {"step": "abc"}).status_code == 404
    # Actions that belong to another step are refused, not half done.
    assert client.post(regie(session, "onthullen/")).status_code == 404  # no theme
    assert client.post(regie(session, "stemming-open/")).status_code == 404
    assert client.post(regie(session, "stemming-dicht/")).status_code == 404
    assert client.post(regie(session, "besluit/"), {"model": "maatwerk"}).status_code == 404
    assert not Poll.objects.exists()
    client.post(regie(session, "naar/"), {"step": vote_step(session)})
    client.post(regie(session, "stemming-open/"))
    assert Poll.objects.get().opened_at is not None
    refused = client.post(regie(session, "besluit/"), {"model": ""}, follow=True)
    assert "Kies een model om het besluit vast te leggen." in refused.content.decode()


def test_the_screen_follows_the_control_view(client, alice, session):
    """The projected screen asks every second; once the step changed it reloads (htmx)."""
    client.force_login(alice)
    state = {"stand": live._state(session)}
    assert "HX-Refresh" not in client.get(f"/sessies/{session.pk}/live/", state)
    client.post(regie(session, "verder/"))
    moved = client.get(f"/sessies/{session.pk}/live/", state)
    assert moved["HX-Refresh"] == "true"


def test_every_slide_has_the_join_code_and_no_form(client, alice, session):
    add_responses(session.round, 6)
    client.force_login(alice)
    for theme_step in range(2, 9):
        client.post(regie(session, "naar/"), {"step": theme_step})
        client.post(regie(session, "onthullen/"))
    for number in range(len(live.steps_of(session))):
        client.post(regie(session, "naar/"), {"step": number})
        screen = projected(client, session)
        assert session.code in screen and screen.count("<svg") >= 1, number
        assert "<form" not in screen and "<input" not in screen, number


def test_the_slides_of_a_revealed_theme(client, alice, session):
    """One chart, the table on its own slide, model names in words, the noise said once, the
    leading model's risks, and the questions from the results pages' own template."""
    add_responses(session.round, 6, now="maatwerk", wanted="gemeenschap")
    client.force_login(alice)
    client.post(regie(session, "naar/"), {"step": 3})
    client.post(regie(session, "onthullen/"))

    def slide(step: int) -> str:
        client.post(regie(session, "naar/"), {"step": step})
        return client.get(f"/sessies/{session.pk}/").content.decode()

    figures = slide(3)
    assert figures.count("<table") == 1 and "transitions" not in figures
    rows = re.findall(r'<th scope="row" lang="nl">([^<]+)</th>', figures)
    assert rows == ["Specialisme", "Maatwerk", "Sterke basis", "Gemeenschap"]
    assert "hooguit 2 af" in figures and "model-chip" not in figures
    table = slide(4)
    assert "Van nu (rijen) naar gewenst (kolommen)" in table and "slide-chart" not in table
    risks = slide(5), slide(6)
    assert all('Risico\'s van <span lang="nl">Maatwerk</span>' in r for r in risks)
    assert ["<em>" in r for r in risks] == [True, False]  # the headline, then the rest
    assert [re.findall(r"<li><strong>(\w+):", r) for r in risks] == [
        ["Leerling", "Leraar"],
        ["School", "School", "Regio", "Regio"],
    ]
    questions = slide(7)
    assert 'class="guide slide__guide"' in questions
    assert "Wat is de eerste stap, en wat hebben jullie daarvoor nodig?" in questions


def test_the_number_of_votes_is_the_sum_of_the_bars(client, alice, session):
    client.force_login(alice)
    Session.objects.filter(pk=session.pk).update(step=vote_step(session))
    services.open_poll(session=session, theme="ondersteuning")
    for phone, model in enumerate(["maatwerk", "maatwerk", "gemeenschap", "specialisme"]):
        services.cast_vote(
            session=session, theme="ondersteuning", voter_token=str(phone), model=model
        )
    services.close_poll(session=session, theme="ondersteuning")
    shown = client.get(f"/sessies/{session.pk}/live/").content.decode()
    counts = [int(n) for n, _p in re.findall(r"<span>(\d+) \((\d+)%\)</span>", shown)]
    percents = [int(p) for _n, p in re.findall(r"<span>(\d+) \((\d+)%\)</span>", shown)]
    assert re.search(r'id="stemmen">(\d+)<', shown).group(1) == "4" and sum(counts) == 4
    assert counts == [1, 2, 0, 1] and percents == [25, 50, 0, 25]


def test_phones_follow_the_step(client, session):
    client.cookies[live.AUDIENCE_COOKIE] = live.STAFF
    page = client.get(f"/s/{session.code}/")
    assert page.status_code == 200 and live.VOTER_COOKIE in page.cookies
    state = live._state(session)
    assert client.get(f"/s/{session.code}/stand/", {"stand": state}).status_code == 204
    services.go_to(session=session, step=2, last=44)
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


def test_the_timer_counts_down_on_the_screen_and_the_phones(client, alice, session):
    client.force_login(alice)
    phone = new_phone()
    client.post(regie(session, "naar/"), {"step": 5})  # theme 1, risks
    assert "Tijd" not in client.get(f"/sessies/{session.pk}/live/").content.decode()
    assert 'role="timer"' not in phone.get(f"/s/{session.code}/").content.decode()
    state = {"stand": live._state(Session.objects.get(pk=session.pk))}
    client.post(regie(session, "timer/"))
    shown = client.get(f"/sessies/{session.pk}/live/").content.decode()
    assert re.search(r"Tijd: <strong>[45]:\d\d</strong>", shown), shown
    # The phones reload and count down themselves (timer.js) from what the server says.
    assert phone.get(f"/s/{session.code}/stand/", state)["HX-Refresh"] == "true"
    page = phone.get(f"/s/{session.code}/").content.decode()
    seconds = int(re.search(r'data-timer-seconds="(\d+)"', page).group(1))
    assert 290 <= seconds <= 300 and "timer.js" in page
    assert re.search(r"Tijd om te praten: <strong>[45]:\d\d</strong>", page)


def test_polls_are_per_theme(session):
    services.open_poll(session=session, theme="swv")
    services.open_poll(session=session, theme="kwaliteit")
    assert Poll.objects.filter(session=session).count() == 2


def test_a_network_gets_only_so_many_vote_cookies(settings, session):
    settings.VOTE_COOKIES_PER_NETWORK = 2
    services.open_poll(session=session, theme="ondersteuning")
    Session.objects.filter(pk=session.pk).update(step=vote_step(session))
    school = [new_phone(REMOTE_ADDR=f"192.0.2.{i}") for i in range(1, 4)]  # one /24
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
    home = new_phone(REMOTE_ADDR="198.51.100.7")
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
    phones = [new_phone() for _ in range(3)]
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


def test_a_phone_reads_its_own_audience_words(client, session):
    """The phone says once who reads it; then the theme and the stances are in that
    audience's words, while the screen shows the source text."""
    Session.objects.filter(pk=session.pk).update(step=2)  # theme 1, the stances
    first = client.get(f"/s/{session.code}/")
    assert first["Location"] == f"/s/{session.code}/wie/"
    picker = client.get(first["Location"]).content.decode()
    assert re.findall(r'name="wie" value="([^"]+)"', picker) == [
        "ouders", "leerlingen", "partners", "medewerker",
    ]  # fmt: skip
    assert client.post(f"/s/{session.code}/wie/", {"wie": "bestuur"}).status_code == 200
    chosen = client.post(f"/s/{session.code}/wie/", {"wie": "ouders"})
    assert chosen["Location"] == f"/s/{session.code}/"
    assert chosen.cookies[live.AUDIENCE_COOKIE]["path"] == "/s/"
    page = client.get(f"/s/{session.code}/").content.decode()
    theme = session.round.framework.themes.get(key="ondersteuning")
    cells = list(theme.cells.all())
    assert '<h1 lang="nl">Extra hulp voor kinderen</h1>' in page
    assert all(cell.audiences["ouders"]["stance"] in page for cell in cells)
    assert not any(cell.stance in page for cell in cells)  # no staff statement
    staff = new_phone().get(f"/s/{session.code}/").content.decode()
    assert '<h1 lang="nl">Visie op ondersteuning</h1>' in staff
    assert all(cell.stance in staff for cell in cells)
