"""Every role can answer: parents and pupils read the statements in their own words (the
framework's text one tap away), partners answer for the whole samenwerkingsverband, a
one-school round asks no school, and going back keeps what was chosen."""

import uuid

import pytest
from django.utils.html import escape

from tests import factories
from visiespiegel.organisations.services import create_organisation
from visiespiegel.rounds.lifecycle import create_round
from visiespiegel.rounds.models import Draft, Response
from visiespiegel.rounds.submission import SubmissionInvalid, submit_response

pytestmark = pytest.mark.django_db


def begin(client, round_):
    assert client.post(f"/d/{round_.code}/begin/").status_code == 302


def test_a_parent_reads_the_parents_wording_with_the_source_at_hand(client, round_):
    begin(client, round_)
    factories.choose_role(client, round_, "ouder")
    page = client.get(f"/d/{round_.code}/thema/1/").content.decode()
    spec = factories.shipped()
    for cell in spec.cells:
        if cell.theme == "ondersteuning":
            assert escape(cell.audiences["ouders"].stance) in page
            assert escape(cell.audiences["ouders"].explanation) in page
            assert escape(cell.stance) in page  # under "zoals in het kader"
    assert "Extra hulp voor kinderen" in page  # the theme in plain words
    assert "zoals in het kader" in page and "aangepast" in page


def test_staff_read_the_framework_text(client, round_):
    begin(client, round_)
    factories.choose_role(client, round_, "leraar")
    page = client.get(f"/d/{round_.code}/thema/1/").content.decode()
    assert "Ik zorg voor leerlingen met extra ondersteuningsbehoeften." in page
    assert "Heeft mijn kind" not in page


def test_a_partner_answers_for_the_whole_region_with_a_reading_note(client, round_):
    begin(client, round_)
    asked = client.post(f"/d/{round_.code}/rol/", {"role": "medewerker-swv"})
    assert asked.url == f"/d/{round_.code}/school/"
    page = client.get(asked.url).content.decode()
    assert "Het hele samenwerkingsverband" in page
    assert "Bestuur Noord" in page and "De Regenboog" not in page  # boards, not schools
    client.post(asked.url, {"unit": "heel"})
    draft = Draft.objects.get()
    assert draft.unit is None and draft.unit_chosen
    theme = client.get(f"/d/{round_.code}/thema/1/").content.decode()
    assert escape(factories.shipped().themes[0].audiences["partners"].note) in theme


def test_a_teacher_must_choose_a_school(client, round_):
    begin(client, round_)
    client.post(f"/d/{round_.code}/rol/", {"role": "leraar"})
    page = client.post(f"/d/{round_.code}/school/", {"unit": "heel"})
    assert page.status_code == 200 and "Kies je school." in page.content.decode()
    assert not Draft.objects.get().unit_chosen
    # The themes wait until the school is known.
    assert client.get(f"/d/{round_.code}/thema/1/").url == f"/d/{round_.code}/school/"


def test_the_unit_question_speaks_to_the_role(client, round_):
    begin(client, round_)
    client.post(f"/d/{round_.code}/rol/", {"role": "ouder"})
    page = client.get(f"/d/{round_.code}/school/").content.decode()
    assert "Op welke school zit je kind?" in page


def test_a_one_school_round_asks_no_school(client, framework):
    org = create_organisation(slug="een-school", name="Eén school")
    from visiespiegel.organisations.services import add_unit

    only = add_unit(organisation=org, name="De Linde")
    round_ = create_round(organisation=org, title="Teamdag", framework=framework)
    begin(client, round_)
    done = client.post(f"/d/{round_.code}/rol/", {"role": "leraar"})
    assert done.url == f"/d/{round_.code}/thema/1/"
    assert Draft.objects.get().unit == only
    # The API fills in the one unit too.
    response, _token, _created = submit_response(
        round_=round_, role="ouder", unit_id=None, answers=factories.answers(),
        idempotency_key=uuid.uuid4(),
    )  # fmt: skip
    assert response.unit_id == only.pk


def test_the_api_takes_no_unit_only_from_roles_beyond_one_school(round_):
    response, _token, _created = submit_response(
        round_=round_, role="gemeente", unit_id=None, answers=factories.answers(),
        idempotency_key=uuid.uuid4(),
    )  # fmt: skip
    assert response.unit_id is None
    with pytest.raises(SubmissionInvalid) as refused:
        submit_response(
            round_=round_, role="leraar", unit_id=None, answers=factories.answers(),
            idempotency_key=uuid.uuid4(),
        )  # fmt: skip
    assert refused.value.errors[0][0] == ("unit",)
    assert Response.objects.count() == 1


def test_back_keeps_what_was_chosen(client, round_):
    begin(client, round_)
    factories.choose_role(client, round_, "leraar")
    client.post(f"/d/{round_.code}/thema/1/", {"now": "maatwerk", "wanted": "gemeenschap"})
    back = client.post(
        f"/d/{round_.code}/thema/2/",
        {"now": "specialisme", "remark": "Half af", "richting": "vorige"},
    )
    assert back.url == f"/d/{round_.code}/thema/1/"
    assert Draft.objects.get().answers["kinderen-ouders"] == {
        "now": "specialisme", "wanted": "", "remark": "Half af",
    }  # fmt: skip
    page = client.get(f"/d/{round_.code}/thema/2/").content.decode()
    assert 'value="specialisme" id="nu-' in page.replace(" checked", "") and "Half af" in page
    # An incomplete theme is not counted as done: the way on leads back to it.
    client.post(f"/d/{round_.code}/thema/1/", {"now": "maatwerk", "wanted": "gemeenschap"})
    assert client.post(f"/d/{round_.code}/begin/").url == f"/d/{round_.code}/thema/2/"


def test_back_from_the_first_theme_goes_to_the_school_question(client, round_):
    begin(client, round_)
    factories.choose_role(client, round_, "leraar")
    back = client.post(f"/d/{round_.code}/thema/1/", {"richting": "vorige"})
    assert back.url == f"/d/{round_.code}/school/"


def test_participants_see_no_coordinator_links(client, round_):
    begin(client, round_)
    page = client.get(f"/d/{round_.code}/rol/").content.decode()
    assert "/inloggen/" not in page and "/api/v1/docs" not in page
    assert "/privacy/" in page


def answer_every_theme(client, round_, now="sterke-basis", wanted="gemeenschap"):
    for number in range(1, len(factories.shipped().themes) + 1):
        client.post(f"/d/{round_.code}/thema/{number}/", {"now": now, "wanted": wanted})


def staff_texts() -> list[str]:
    """The framework's own statements and theme names: what staff read."""
    spec = factories.shipped()
    return [escape(c.stance) for c in spec.cells] + [escape(t.label) for t in spec.themes]


def test_a_parent_reviews_their_own_words(client, round_):
    begin(client, round_)
    factories.choose_role(client, round_, "ouder")
    answer_every_theme(client, round_)
    page = client.get(f"/d/{round_.code}/overzicht/").content.decode()
    spec = factories.shipped()
    chosen = {
        (c.theme, c.model): c.audiences["ouders"].stance
        for c in spec.cells
        if c.model in ("sterke-basis", "gemeenschap")
    }
    for theme in spec.themes:
        assert f'<h2 lang="nl">{escape(theme.audiences["ouders"].label)}</h2>' in page
        assert escape(chosen[theme.key, "sterke-basis"]) in page
        assert escape(chosen[theme.key, "gemeenschap"]) in page
    assert [text for text in staff_texts() if text in page] == []


def test_a_parents_profile_shows_their_words_and_adapted_risks_with_the_source_at_hand(
    client, round_
):
    begin(client, round_)
    factories.choose_role(client, round_, "ouder")
    answer_every_theme(client, round_)
    client.post(f"/d/{round_.code}/versturen/")
    page = client.get(f"/d/{round_.code}/profiel/").content.decode()
    risk = next(r for r in factories.shipped().risks if r.model == "sterke-basis")
    assert escape(risk.audiences["ouders"].headline) in page
    assert all(escape(text) in page for text in risk.audiences["ouders"].items)
    # The source one tap away: inside the details, never instead of the adaptation.
    source = page.split("Zo staat het in het kader</summary>", 1)[1]
    assert escape(risk.headline) in source and escape(risk.items[2].text) in source
    assert escape(risk.items[2].text) not in page.split("Zo staat het in het kader")[0]
    assert "Eenvoudige taal voor ouders (B1)" in page
    assert [text for text in staff_texts() if text in page] == []
    cell = next(
        c
        for c in factories.shipped().cells
        if (c.theme, c.model) == ("ondersteuning", "gemeenschap")
    )
    assert escape(cell.audiences["ouders"].stance) in page


def test_a_teachers_profile_shows_the_source_risks(client, round_):
    begin(client, round_)
    factories.choose_role(client, round_, "leraar")
    answer_every_theme(client, round_)
    client.post(f"/d/{round_.code}/versturen/")
    page = client.get(f"/d/{round_.code}/profiel/").content.decode()
    risk = next(r for r in factories.shipped().risks if r.model == "sterke-basis")
    assert escape(risk.items[2].text) in page
    assert escape(risk.audiences["ouders"].items[2]) not in page
    assert "Zo staat het in het kader" not in page
