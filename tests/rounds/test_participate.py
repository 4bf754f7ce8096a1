"""The participant's way through, with the Django test client (no JavaScript)."""

import re

import pytest

from tests import factories
from tests.conftest import school
from visiespiegel.rounds import entry
from visiespiegel.rounds.lifecycle import close_round
from visiespiegel.rounds.models import Draft, Response

pytestmark = pytest.mark.django_db
THEMES = 6


def start(client, round_):
    response = client.post(f"/d/{round_.code}/begin/")
    assert response.status_code == 302
    return response


def fill(client, round_, role="leraar", now="maatwerk", wanted="gemeenschap"):
    start(client, round_)
    factories.choose_role(client, round_, role)
    for number in range(1, THEMES + 1):
        client.post(f"/d/{round_.code}/thema/{number}/", {"now": now, "wanted": wanted})


def test_join_by_code_is_forgiving(client, round_):
    messy = f" {round_.code[:3].lower()} {round_.code[3:]} "
    response = client.get("/d/", {"code": messy})
    assert response.status_code == 302
    assert response["Location"] == f"/d/{round_.code}/"
    page = client.get(response["Location"])
    assert "Studiedag" in page.content.decode()
    assert "Anoniem." in page.content.decode()


def test_unknown_code_gives_a_clear_message(client, db):
    response = client.get("/d/", {"code": "ZZZZ ZZZZ"})
    assert response.status_code == 404
    assert "Deze code kennen we niet" in response.content.decode()


def test_every_path_answers_an_unknown_code_the_same_and_counts_it(client, round_, settings):
    """No page is an oracle: /d/CODE/rol/ says 404 for a wrong code like the join form does,
    and wrong tries count against the network's budget."""
    settings.JOIN_FAILURES_PER_NETWORK = 100
    wrong = "ZZZZZZZZ"
    paths = [
        f"/d/{wrong}/",
        f"/d/{wrong}/rol/",
        f"/d/{wrong}/thema/1/",
        f"/d/{wrong}/overzicht/",
        f"/d/{wrong}/profiel/",
        f"/d/{wrong}/e/1/",
        f"/d/{wrong}/c/ABCDEFGHJK/",
        f"/d/{wrong}/mijn/{'0' * 64}/",
        f"/d/{round_.code}/mijn/{'0' * 64}/",  # a right code with a wrong private link
    ]
    bodies = set()
    for path in paths:
        response = client.get(path)
        assert response.status_code == 404, path
        body = re.sub(
            r'name="(csrfmiddlewaretoken|next)" value="[^"]+"', "", response.content.decode()
        )
        bodies.add(body.replace(wrong, ""))
    assert len(bodies) <= 2  # the join page, with the code filled in or not
    assert client.post(f"/d/{wrong}/begin/").status_code == 404
    assert client.post(f"/d/{wrong}/versturen/").status_code == 404
    assert client.get(f"/api/v1/join/{wrong}").status_code == 404
    # Each distinct wrong try counts once (tests/rounds/test_throttle.py): the wrong code and
    # the wrong private link.
    assert entry.standing("127.0.0.0/24") == (2, 100)


def test_the_whole_flow_keeps_progress_and_submits_once(client, round_):
    start(client, round_)
    # A reload of the role page mid-way loses nothing; progress sits in the draft.
    factories.choose_role(client, round_, "ouder")
    client.post(
        f"/d/{round_.code}/thema/1/",
        {"now": "specialisme", "wanted": "maatwerk", "remark": "Goed begin"},
    )
    page = client.get(f"/d/{round_.code}/thema/1/").content.decode()
    assert 'value="specialisme" id="nu-' in page and "checked" in page
    assert "Goed begin" in page
    # Coming back via the intro continues where one was.
    assert "Verder waar je was" in client.get(f"/d/{round_.code}/").content.decode()
    for number in range(2, THEMES + 1):
        client.post(f"/d/{round_.code}/thema/{number}/", {"now": "maatwerk", "wanted": "maatwerk"})
    review = client.get(f"/d/{round_.code}/overzicht/").content.decode()
    assert "Versturen" in review
    first = client.post(f"/d/{round_.code}/versturen/")
    second = client.post(f"/d/{round_.code}/versturen/")  # a double tap
    assert first.status_code == second.status_code == 302
    assert Response.objects.count() == 1
    response = Response.objects.get()
    assert (response.role, response.unit.name) == ("ouder", "De Regenboog")
    assert response.remarks.get().text == "Goed begin"


def test_theme_page_needs_both_choices_and_says_so(client, round_):
    fill(client, round_)
    response = client.post(f"/d/{round_.code}/thema/2/", {"now": "maatwerk"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Kies de uitspraak die past bij hoe je het zou willen." in html


def test_options_are_shuffled_per_participant_and_stable(client, round_):
    from django.test import Client

    fill(client, round_)
    order = re.findall(
        r'name="now" value="([a-z-]+)"', client.get(f"/d/{round_.code}/thema/3/").content.decode()
    )
    assert sorted(order) == ["gemeenschap", "maatwerk", "specialisme", "sterke-basis"]
    again = re.findall(
        r'name="now" value="([a-z-]+)"', client.get(f"/d/{round_.code}/thema/3/").content.decode()
    )
    assert again == order
    orders = set()
    for _ in range(12):
        other = Client()
        fill(other, round_)
        orders.add(
            tuple(
                re.findall(
                    r'name="now" value="([a-z-]+)"',
                    other.get(f"/d/{round_.code}/thema/3/").content.decode(),
                )
            )
        )
    assert len(orders) > 1
    # No model names on the theme page.
    page = client.get(f"/d/{round_.code}/thema/3/").content.decode()
    assert "Specialisme" not in page and "Maatwerk" not in page


def test_profile_reveals_models_and_risks_and_revision_replaces(client, round_):
    fill(client, round_, now="specialisme", wanted="gemeenschap")
    client.post(f"/d/{round_.code}/versturen/")
    profile = client.get(f"/d/{round_.code}/profiel/").content.decode()
    assert "Specialisme" in profile and "Gemeenschap" in profile
    assert "Onze leerlingen hebben steeds vaker specialistische ondersteuning nodig." in profile
    assert "<polyline" in profile and "<table" in profile
    # Revise: change one theme, save again; still one response, now with the change.
    client.post(
        f"/d/{round_.code}/thema/1/?naar=controle",
        {"now": "maatwerk", "wanted": "maatwerk", "naar": "controle"},
    )
    client.post(f"/d/{round_.code}/versturen/")
    assert Response.objects.count() == 1
    assert Response.objects.get().answers.filter(model__key="maatwerk").count() == 2


def test_private_link_reopens_the_profile_on_another_device(client, round_):
    from django.test import Client

    fill(client, round_)
    client.post(f"/d/{round_.code}/versturen/")
    profile = client.get(f"/d/{round_.code}/profiel/").content.decode()
    link = re.search(r'href="http://testserver(/d/[A-Z0-9]+/mijn/[0-9a-f]+/)"', profile).group(1)
    phone = Client()
    response = phone.get(link)
    assert response.status_code == 302
    assert "Jouw profiel" in phone.get(response["Location"]).content.decode()
    assert Client().get(link.replace(link[-6:-1], "00000")).status_code == 404
    # The first device is not logged out by the second: both can still revise.
    assert "Jouw profiel" in client.get(f"/d/{round_.code}/profiel/").content.decode()
    assert phone.post(f"/d/{round_.code}/versturen/").status_code == 302
    assert client.post(f"/d/{round_.code}/versturen/").status_code == 302
    assert Response.objects.count() == 1


def test_closed_round_accepts_nothing(client, round_):
    fill(client, round_)
    close_round(round_=round_)
    response = client.post(f"/d/{round_.code}/versturen/")
    assert response.status_code == 410
    assert "Deze peiling is gesloten" in response.content.decode()
    assert Response.objects.count() == 0
    assert client.get(f"/d/{round_.code}/thema/1/").status_code == 410


def test_unit_link_fixes_the_school(client, round_):
    unit = school(round_.organisation, "Het Kompas")
    client.get(f"/d/{round_.code}/e/{unit.pk}/")
    client.post(f"/d/{round_.code}/begin/", {"unit": unit.pk})
    page = client.get(f"/d/{round_.code}/rol/").content.decode()
    assert 'name="unit"' not in page
    assert "Het Kompas" in page
    client.post(f"/d/{round_.code}/rol/", {"role": "leraar"})
    assert Draft.objects.get().unit == unit


def test_nothing_identifying_is_stored(client, round_):
    fill(client, round_)
    client.post(
        f"/d/{round_.code}/versturen/", REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="Telefoon 1.0"
    )
    from django.db import connection

    with connection.cursor() as cursor:
        for table in ("rounds_response", "rounds_answer", "rounds_draft", "rounds_remark"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            dump = repr(cursor.fetchall())
            assert "203.0.113.7" not in dump and "Telefoon" not in dump


def test_a_parent_reads_their_own_theme_names_in_their_profile(client, round_):
    """The profile names the themes as the participant read them (the parents' wording)."""
    fill(client, round_, role="ouder")
    client.post(f"/d/{round_.code}/versturen/")
    profile = client.get(f"/d/{round_.code}/profiel/").content.decode()
    theme = round_.framework.themes.get(key="ondersteuning")
    assert theme.audiences["ouders"]["label"] in profile
    assert f"1. {theme.label}" not in profile
