"""The participant's whole way through, on a phone-sized screen, axe-core clean at every step."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from visiespiegel.rounds.models import Response

pytestmark = pytest.mark.browser


@pytest.fixture
def open_round(transactional_db, shipped_spec):
    from visiespiegel.frameworks.services import import_framework
    from visiespiegel.organisations.services import add_unit, create_organisation
    from visiespiegel.rounds.lifecycle import create_round

    framework, _ = import_framework(spec=shipped_spec)
    org = create_organisation(slug="swv-a", name="Samenwerkingsverband A")
    board = add_unit(organisation=org, name="Bestuur Noord", kind="bestuur")
    add_unit(organisation=org, name="De Regenboog", parent=board)
    add_unit(organisation=org, name="Het Kompas", parent=board)
    return create_round(
        organisation=org,
        title="Studiedag",
        framework=framework,
        welcome_text="Welkom op de studiedag.",
    )


def answer_theme(page, now_letter="A", wanted_letter="B"):
    page.locator(f"label[for=nu-{now_letter}]").click()
    page.locator(f"label[for=gewenst-{wanted_letter}]").click()


def answer_themes(page, count):
    """The next `count` theme pages, each answered and left forward."""
    for _ in range(count):
        answer_theme(page)
        page.get_by_role("button", name=re.compile("Volgende thema|Naar het overzicht")).click()


def start_as(page, url, role_label):
    """From a round's intro page through the role step."""
    page.goto(url)
    page.get_by_role("button", name="Begin").click()
    page.get_by_label(role_label).check()
    page.get_by_role("button", name="Verder").click()


def test_whole_flow_on_a_phone(phone, live_server, open_round):
    page = phone
    page.goto(live_server.url + "/")
    code = open_round.code
    page.get_by_label("Code").fill(f" {code[:3].lower()} {code[3:]}")
    page.get_by_role("button", name="Meedoen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Studiedag")
    assert_accessible(page, "participant-intro")
    page.get_by_role("button", name="Begin").click()

    # Role and school; submitting empty first shows errors at the fields.
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("alert")).to_contain_text("Kies je rol.")
    assert_accessible(page, "participant-role-errors")
    page.get_by_label("Intern begeleider / ondersteuningscoördinator").check()
    page.get_by_role("button", name="Verder").click()
    page.get_by_label("Op welke school werk je?").select_option(label="Het Kompas")
    assert_accessible(page, "participant-school")
    page.get_by_role("button", name="Verder").click()

    # Theme 1, with a look at the details of a stance.
    expect(page.get_by_role("heading", level=1)).to_have_text("Visie op ondersteuning")
    expect(page.get_by_text("0 van 6 thema's ingevuld")).to_be_visible()
    page.get_by_text("Meer over uitspraak A").click()
    expect(page.locator("details[open] dt").first).to_have_text("Overtuiging")
    assert_accessible(page, "participant-theme")
    answer_theme(page, "A", "C")
    # The chosen statement stands out; the wanted question is a row of letters.
    chosen = page.locator(".stance:has(#nu-A:checked)")
    assert chosen.evaluate("e => getComputedStyle(e).borderLeftColor") != page.locator(
        ".stance:not(:has(#nu-A))"
    ).first.evaluate("e => getComputedStyle(e).borderLeftColor")
    expect(page.locator(".letter-choice")).to_have_count(4)
    page.get_by_label("Opmerking (niet verplicht)").fill("Veel gedaan, nog veel te doen")
    page.get_by_role("button", name="Volgende thema").click()

    # Reload mid-way: nothing lost. Back, change an answer, forward again.
    answer_theme(page, "B", "B")
    page.get_by_role("button", name="Volgende thema").click()
    expect(page.get_by_text("Thema 3 van 6")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Visie op onderwijsprofessionals")
    page.locator("label[for=nu-C]").click()  # chosen, then back: kept
    page.get_by_role("button", name="Vorige").click()
    expect(page.locator("#nu-B")).to_be_checked()
    answer_theme(page, "D", "D")
    page.get_by_role("button", name="Volgende thema").click()
    answer_themes(page, 4)

    # Review, then a double tap on submit.
    expect(page.get_by_role("heading", level=1)).to_have_text("Klopt dit?")
    assert_accessible(page, "participant-review")
    button = page.get_by_role("button", name="Versturen")
    button.dblclick()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jouw profiel")
    assert Response.objects.count() == 1
    response = Response.objects.get()
    assert response.role == "intern-begeleider"
    assert response.unit.name == "Het Kompas"
    assert response.remarks.get().text == "Veel gedaan, nog veel te doen"

    # Profile: two lines, a table with model names, the risks of the dominant model.
    expect(page.locator("svg polyline")).to_have_count(2)
    expect(page.get_by_role("table")).to_contain_text("Visie op ondersteuning")
    expect(page.get_by_role("heading", name="Waar je op moet letten")).to_be_visible()
    assert_accessible(page, "participant-profile")

    # Revise later: change one theme from the profile; still one response.
    page.get_by_role("link", name="Antwoorden aanpassen").click()
    page.get_by_role("link", name=re.compile("Wijzig Kwaliteit")).click()
    answer_theme(page, "A", "A")
    page.get_by_role("button", name="Naar het overzicht").click()
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jouw profiel")
    assert Response.objects.count() == 1
    assert response.answers.count() == 12


def test_a_parent_answers_in_the_parents_words(phone, live_server, open_round):
    page = phone
    start_as(page, f"{live_server.url}/d/{open_round.code}/", "Ouder/verzorger")
    page.get_by_label("Op welke school zit je kind?").select_option(label="De Regenboog")
    page.get_by_role("button", name="Verder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Extra hulp voor kinderen")
    now = page.locator("#id_now-veld")
    expect(now.get_by_text("Heeft mijn kind extra hulp nodig?")).to_be_visible()
    # The framework's own words are one tap away.
    page.get_by_text(re.compile("zoals in het kader")).first.click()
    expect(page.locator("details[open] dd").first).to_be_visible()
    assert_accessible(page, "participant-theme-parent")
    answer_themes(page, 6)
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jouw profiel")
    response = Response.objects.get()
    assert (response.role, response.unit.name) == ("ouder", "De Regenboog")


def test_swv_staff_answer_for_the_whole_region(phone, live_server, open_round):
    page = phone
    start_as(page, f"{live_server.url}/d/{open_round.code}/", "Medewerker swv")
    select = page.get_by_label("Voor welk deel van het samenwerkingsverband antwoord je?")
    expect(select).to_have_value("heel")
    page.get_by_role("button", name="Verder").click()
    expect(page.locator(".notice").first).to_be_visible()  # how partners read the theme
    answer_themes(page, 6)
    expect(page.get_by_text("het hele samenwerkingsverband")).to_be_visible()
    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jouw profiel")
    assert Response.objects.get().unit is None


def test_unknown_code_gives_a_clear_dutch_message(phone, live_server, open_round):
    phone.goto(live_server.url + "/d/")
    phone.get_by_label("Code").fill("ZZZZ ZZZZ")
    phone.get_by_role("button", name="Verder").click()
    expect(phone.get_by_role("alert")).to_contain_text("Deze code kennen we niet")
    assert_accessible(phone, "participant-unknown-code")


def test_closed_round_says_so(phone, live_server, open_round):
    from visiespiegel.rounds.lifecycle import close_round

    close_round(round_=open_round)
    phone.goto(f"{live_server.url}/d/{open_round.code}/")
    expect(phone.get_by_text("Deze peiling is gesloten")).to_be_visible()
    assert_accessible(phone, "participant-closed")
