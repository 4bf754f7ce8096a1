"""A live session as it runs in a school hall: one presenter and three phones (separate browser
contexts) against `visiespiegel serve --workers 2`, so the screen and the phones are served by
different processes. The presenter sees each vote counted within 2 s and the connected phones,
the counts per model only once the vote closes; a reload on either side loses nothing; the
decision lands in the ambition; presenter and phone views are axe-clean."""

import json

import pytest
from playwright.sync_api import expect

from bench.common import Site
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible

pytestmark = pytest.mark.browser
PASSWORD = "een lang en sterk wachtwoord"


@pytest.fixture
def site():
    site = Site(extra_env={"VISIESPIEGEL_PASSWORD": PASSWORD})
    try:
        site.prepare()
        site.cli("organisation", "create", "swv", "--name", "SWV Rivierenland")
        site.cli("user", "create", "carla", "--organisation", "swv", "--role", "beheerder")
        site.cli("unit", "add", "swv", "De Regenboog")
        made = json.loads(
            site.cli("round", "create", "swv", "--title", "Studiedag", "--threshold", "3",
                     "--synthetic", "--json")
        )  # fmt: skip
        site.cli("round", "fill", str(made["id"]), "--responses", "40", "--seed", "3")
        site.round_id = made["id"]
        with site.server(workers=2) as (port, _process):
            site.url = f"http://127.0.0.1:{port}"
            yield site
    finally:
        site.close()


def test_a_presenter_and_three_phones(browser, site):
    presenter = browser.new_context(locale="nl-NL", **DESKTOP).new_page()
    presenter.goto(f"{site.url}/inloggen/")
    presenter.get_by_label("Gebruikersnaam of e-mailadres").fill("carla")
    presenter.get_by_label("Wachtwoord").fill(PASSWORD)
    presenter.get_by_role("main").get_by_role("button", name="Inloggen").click()
    presenter.goto(f"{site.url}/peilingen/{site.round_id}/ambitie/")
    presenter.get_by_role("button", name="Live sessie starten").click()
    code = presenter.locator(".presenter__code").inner_text().strip()
    assert_accessible(presenter, "session-welcome")

    phones = [browser.new_context(locale="nl-NL", **PHONE).new_page() for _ in range(3)]
    for phone in phones:
        phone.goto(f"{site.url}/s/")
        phone.get_by_label("Code op het scherm").fill(code.lower())
        phone.get_by_role("button", name="Meedoen").click()
        expect(phone.get_by_role("heading", name="Welkom bij de sessie")).to_be_visible()
    assert_accessible(phones[0], "session-phone-welcome")

    # To the vote on the first theme: the stances, the figures (revealed), the risks, the vote.
    for key in ("ArrowRight", "ArrowRight", "ArrowRight", "r", "ArrowRight", "ArrowRight"):
        with presenter.expect_navigation():
            presenter.keyboard.press(key)
    expect(presenter.get_by_text("stap 6 van 27")).to_be_visible()
    with presenter.expect_navigation():
        presenter.keyboard.press("o")  # open the vote
    expect(presenter.get_by_role("button", name="Stemming sluiten (O)")).to_be_visible()

    votes = presenter.locator("#stemmen")
    for number, (phone, model) in enumerate(
        zip(phones, ["Gemeenschap", "Gemeenschap", "Sterke basis"], strict=True), start=1
    ):
        choice = phone.get_by_label(model, exact=False)
        expect(choice).to_be_visible(timeout=5000)  # the phone followed the screen
        choice.check()
        phone.get_by_role("button", name="Stem").click()
        expect(phone.get_by_text("Je stem is binnen")).to_be_visible()
        expect(votes).to_have_text(str(number), timeout=2000)  # on the screen within 2 s
    assert_accessible(phones[0], "session-phone-vote")
    # k = 3 votes are in, but while the vote is open the screen shows only how many.
    expect(presenter.get_by_text("De verdeling verschijnt als de stemming sluit")).to_be_visible()
    expect(presenter.locator(".presenter__tally li")).to_have_count(0)
    expect(presenter.locator("#telefoons")).to_have_text("3 telefoons verbonden")

    # A reload on either side loses nothing.
    presenter.reload()
    expect(presenter.get_by_text("stap 6 van 27")).to_be_visible()
    expect(votes).to_have_text("3")
    phones[2].reload()
    expect(phones[2].get_by_label("Sterke basis", exact=False)).to_be_checked()

    with presenter.expect_navigation():
        presenter.keyboard.press("o")  # close the vote: now the counts
    expect(presenter.locator(".presenter__tally li")).to_have_count(4)
    expect(presenter.locator(".presenter__tally")).to_contain_text("2 (67%)")
    assert_accessible(presenter, "session-vote")
    presenter.get_by_label("Gemeenschap").check()
    presenter.get_by_label("Waarom (kort)").fill("Samen met de wijk")
    presenter.get_by_label("Besloten door").fill("Teamvergadering")
    presenter.get_by_role("button", name="Besluit vastleggen").click()
    expect(presenter.get_by_text("Besloten in deze sessie")).to_be_visible()
    for phone in phones:
        expect(phone.get_by_text("Besloten in deze sessie")).to_be_visible(timeout=5000)
    assert_accessible(phones[0], "session-phone-decided")

    presenter.goto(f"{site.url}/peilingen/{site.round_id}/ambitie/")
    expect(presenter.get_by_role("cell", name="Samen met de wijk")).to_be_visible()
