"""The join throttle (rounds/entry.py): wrong codes slow down the network that tries them,
never the participants already in, and the counters survive however many networks guess."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client

from tests import factories
from visiespiegel.dialogue import live
from visiespiegel.dialogue import services as live_services
from visiespiegel.dialogue.models import Vote
from visiespiegel.rounds import entry
from visiespiegel.rounds.lifecycle import create_round
from visiespiegel.rounds.models import Response

pytestmark = pytest.mark.django_db
THEMES = 6
START = 29_000_000 * 60  # a whole minute, so the slices of a test are known


@pytest.fixture
def clock(monkeypatch):
    """The throttle's clock, set by the test: seconds after START."""

    class Clock:
        now = START

        def at(self, seconds: int) -> None:
            self.now = START + seconds

    clock = Clock()
    monkeypatch.setattr(entry, "_now", lambda: clock.now)
    return clock


def on(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def guess(client: Client, *codes: str) -> list[int]:
    return [client.get("/d/", {"code": code}).status_code for code in codes]


def failures(address: str) -> tuple[int, int]:
    return entry.standing(entry.client_network(type("R", (), {"META": {"REMOTE_ADDR": address}})))


@pytest.mark.usefixtures("clock")
def test_a_guessing_network_waits_and_others_do_not(round_, settings):
    settings.JOIN_FAILURES_PER_NETWORK = 3
    guesser = on("10.0.0.7")
    assert guess(guesser, "ZZZZZZZZ", "ZZZZZZZY", "ZZZZZZZX") == [404, 404, 404]
    # This network now waits, a right code too, on every path.
    assert guess(guesser, round_.code) == [429]
    assert guesser.get(f"/api/v1/join/{round_.code}").status_code == 429
    assert guesser.get(f"/d/{round_.code}/rol/").status_code == 429
    # The same /24 network counts as one, for whoever joins fresh.
    assert guess(on("10.0.0.99"), round_.code) == [429]
    # A school on another network is not held up by it.
    other = on("10.1.2.3")
    assert guess(other, round_.code) == [302]
    assert other.get(f"/api/v1/join/{round_.code}").status_code == 200
    caches["counters"].clear()
    assert guess(guesser, round_.code) == [302]


@pytest.mark.usefixtures("clock")
def test_a_participant_on_a_guessing_network_is_never_refused(round_, settings):
    settings.JOIN_FAILURES_PER_NETWORK = 3
    pupil = on("10.0.0.5")
    assert pupil.post(f"/d/{round_.code}/begin/").status_code == 302  # the draft cookie
    assert guess(on("10.0.0.6"), "ZZZZZZZZ", "ZZZZZZZY", "ZZZZZZZX") == [404, 404, 404]
    assert guess(on("10.0.0.8"), round_.code) == [429]
    # The pupil with a draft in this round goes on to the end and sees their profile.
    assert pupil.get(f"/d/{round_.code}/rol/").status_code == 200
    factories.choose_role(pupil, round_, "leraar")
    for number in range(1, THEMES + 1):
        answer = {"now": "maatwerk", "wanted": "gemeenschap"}
        assert pupil.post(f"/d/{round_.code}/thema/{number}/", answer).status_code == 302
    assert pupil.post(f"/d/{round_.code}/versturen/").status_code == 302
    assert pupil.get(f"/d/{round_.code}/profiel/").status_code == 200
    assert Response.objects.count() == 1
    # A cookie that is no draft of this round does not pass: made up, or another round's.
    forger = on("10.0.0.9")
    forger.cookies[entry.draft_cookie(round_.code)] = "made-up-token"
    assert forger.get(f"/d/{round_.code}/rol/").status_code == 429
    other_round = create_round(
        organisation=round_.organisation, title="Tweede", framework=round_.framework
    )
    stranger = on("10.9.0.1")
    assert stranger.post(f"/d/{other_round.code}/begin/").status_code == 302
    elsewhere = stranger.cookies[entry.draft_cookie(other_round.code)].value
    forger.cookies[entry.draft_cookie(round_.code)] = elsewhere
    assert forger.get(f"/d/{round_.code}/rol/").status_code == 429
    assert forger.get(f"/d/{other_round.code}/rol/").status_code == 429


@pytest.mark.usefixtures("clock")
def test_the_same_wrong_code_counts_once(round_, settings):
    settings.JOIN_FAILURES_PER_NETWORK = 3
    pupil = on("10.0.0.5")
    for typo in ["ZZZZ ZZZZ", "zzzz-zzzz", "ZZZZZZZZ"] * 10:
        assert guess(pupil, typo) == [404]
    assert failures("10.0.0.5") == (1, 3)
    assert guess(pupil, "ZZZZZZZY", "ZZZZZZZY", round_.code) == [404, 404, 302]
    assert failures("10.0.0.5") == (2, 3)
    assert guess(pupil, "ZZZZZZZX", round_.code) == [404, 429]


def test_the_window_slides(clock, round_, settings):
    """A failure counts for a minute (up to ten seconds more) from when it was made, not to the
    end of a clock minute."""
    settings.JOIN_FAILURES_PER_NETWORK = 3
    guesser = on("10.0.0.7")
    clock.at(50)
    assert guess(guesser, "ZZZZZZZZ", "ZZZZZZZY") == [404, 404]
    clock.at(100)  # the next clock minute: the failures of second 50 still count
    assert guess(guesser, "ZZZZZZZX", round_.code) == [404, 429]
    clock.at(119)
    assert guess(guesser, round_.code) == [429]
    assert failures("10.0.0.7") == (3, 3)
    clock.at(120)  # the two failures of second 50 are past; the one of second 100 still counts
    assert failures("10.0.0.7") == (1, 3)
    assert guess(guesser, round_.code) == [302]
    clock.at(170)
    assert failures("10.0.0.7") == (0, 3)


@pytest.mark.usefixtures("clock")
def test_under_a_broad_attack_only_guessing_networks_slow_down(round_, settings):
    settings.JOIN_FAILURES_PER_NETWORK = 30
    settings.JOIN_FAILURES_UNDER_ATTACK = 2
    settings.JOIN_GLOBAL_FAILURE_CEILING = 5
    for i in range(5):  # five networks guess once each
        assert guess(on(f"10.0.{i}.1"), "ZZZZZZZZ") == [404]
    guesser = on("10.9.9.9")
    assert guess(guesser, "ZZZZZZZZ", "ZZZZZZZY", round_.code) == [404, 404, 429]
    assert guess(on("10.8.8.8"), round_.code) == [302]


@pytest.mark.usefixtures("clock")
def test_a_thousand_networks_engage_the_global_ceiling(rf, round_, settings):
    """The counters have a cache of their own: a thousand networks' failures are all still
    there (the shared cache of 300 entries lost two thirds of them), so the ceiling engages."""
    assert settings.JOIN_FAILURES_PER_NETWORK == 30
    assert settings.JOIN_FAILURES_UNDER_ATTACK == 3
    assert settings.JOIN_GLOBAL_FAILURE_CEILING == 1000
    early = on("10.200.0.1")
    assert guess(early, "ZZZZZZZZ", "ZZZZZZZY", "ZZZZZZZX", round_.code) == [404] * 3 + [302]
    for i in range(996):  # each the way a wrong code counts, without rendering the page
        request = rf.get("/d/", REMOTE_ADDR=f"10.{i // 250}.{i % 250}.1")
        with pytest.raises(entry.UnknownCode):
            entry.round_for_code(request, "ZZZZZZZZ")
    assert failures("10.200.0.1") == (3, 30)
    assert guess(on("10.201.0.1"), "ZZZZZZZZ") == [404]  # the thousandth failure
    assert failures("10.200.0.1") == (3, 3)
    slices = entry._slices()
    totals = caches["counters"].get_many([entry._total_key(s) for s in slices])
    assert sum(totals.values()) == 1000
    # Now a network that guessed three times waits at its next failure; a clean one does not.
    assert guess(early, "ZZZZZZZW", round_.code) == [404, 429]
    assert guess(on("10.202.0.1"), round_.code) == [302]


@pytest.mark.usefixtures("clock")
def test_no_address_and_no_code_is_kept(client, round_):
    client.get("/d/", {"code": "ZZZZZZZZ"}, REMOTE_ADDR="192.0.2.77")
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM visiespiegel_counters")
        keys = " ".join(row[0] for row in cursor.fetchall())
    assert "192.0.2" not in keys and "ZZZZZZZZ" not in keys
    assert "join-net:" in keys and "join-code:" in keys and "join-total:" in keys


def test_behind_a_proxy_the_forwarded_address_counts(rf, settings):
    settings.PROXY_HOPS = 1
    request = rf.get("/", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9", REMOTE_ADDR="10.0.0.1")
    assert entry.client_network(request) == "203.0.113.0/24"
    settings.PROXY_HOPS = 0
    assert entry.client_network(request) == "10.0.0.0/24"
    assert entry.client_network(rf.get("/", REMOTE_ADDR="2001:db8::1")) == "2001:db8::/56"


def test_a_school_behind_one_address_joins_freely(client, round_, settings):
    settings.JOIN_FAILURES_PER_NETWORK = 3
    for _ in range(50):
        assert client.get(f"/d/{round_.code}/").status_code == 200


@pytest.mark.usefixtures("clock")
def test_phones_of_a_guessing_network_wait_unless_in_the_session(round_, settings):
    settings.JOIN_FAILURES_PER_NETWORK = 3
    round_.threshold = 3
    round_.save()
    session = live_services.start_session(round_=round_, unit=None)
    steps = live.steps_of(session)
    vote = next(i for i, step in enumerate(steps) if step.kind == "vote")  # the first theme's
    live_services.go_to(session=session, step=vote, last=len(steps) - 1)
    live_services.open_poll(session=session, theme=factories.theme_keys()[0])

    def phone(address: str) -> Client:
        """A phone that has said whose words it reads (else its first page asks that)."""
        client = on(address)
        client.cookies[live.AUDIENCE_COOKIE] = live.STAFF
        return client

    voter = phone("10.0.0.5")
    assert voter.get(f"/s/{session.code}/").status_code == 200  # its vote cookie
    assert voter.post(f"/s/{session.code}/stem/", {"model": "maatwerk"}).status_code == 302
    assert Vote.objects.count() == 1
    looker = phone("10.0.0.6")
    assert looker.get(f"/s/{session.code}/").status_code == 200  # a cookie, no vote yet
    guesser = on("10.0.0.7")
    assert [guesser.get(f"/s/ZZZZZZZ{c}/").status_code for c in "ZYX"] == [404, 404, 404]
    # The phones in the session go on; a newcomer on that network waits (not a 404).
    assert voter.get(f"/s/{session.code}/").status_code == 200
    assert voter.get(f"/s/{session.code}/stand/", {"stand": "0"}).status_code == 200
    assert looker.post(f"/s/{session.code}/stem/", {"model": "maatwerk"}).status_code == 302
    assert Vote.objects.count() == 2
    newcomer = phone("10.0.0.8")
    page = newcomer.get(f"/s/{session.code}/")
    assert page.status_code == 429 and "Even geduld" in page.content.decode()
    assert newcomer.get("/s/", {"code": session.code}).status_code == 429
    # A made-up cookie, or one this server made for another session, does not pass.
    newcomer.cookies[live.VOTER_COOKIE] = "made-up"
    assert newcomer.get(f"/s/{session.code}/").status_code == 429
    second = create_round(
        organisation=round_.organisation, title="Tweede", framework=round_.framework
    )
    other = live_services.start_session(round_=second, unit=None)
    assert voter.get(f"/s/{other.code}/").status_code == 429
    assert phone("10.5.0.1").get(f"/s/{session.code}/").status_code == 200


def test_log_in_pauses_are_counters(client, alice, settings):
    """A log-in pause lives in the counters cache: emptying the other cache does not lift it."""
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post("/inloggen/", {"username": "alice", "password": "fout"})
    assert caches["counters"].get(f"login-failures:account:{alice.pk}") == 2
    with connection.cursor() as cursor:  # the pause lasts its window, not the cache's default
        cursor.execute("SELECT expires FROM visiespiegel_counters WHERE cache_key LIKE '%login%'")
        (expires,) = cursor.fetchone()
    if isinstance(expires, str):  # SQLite
        expires = datetime.fromisoformat(expires)
    left = expires.replace(tzinfo=UTC) - datetime.now(UTC)
    assert timedelta(seconds=890) < left <= timedelta(seconds=900)
    caches["default"].clear()
    blocked = client.post("/inloggen/", {"username": "alice", "password": factories.PASSWORD})
    assert "Te veel mislukte pogingen" in blocked.content.decode()
