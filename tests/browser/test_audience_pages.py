"""A parent reads parents' words on every page they see: the school question offers schools,
the review, the own profile and the private profile link show no statement or theme name in the
staff's words, and the profile's risks are the plain-Dutch adaptation with the framework's text
one tap away. Axe-clean at 390 and 1366 px."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.conftest import assert_accessible
from tests.browser.test_participant import answer_themes, open_round, start_as  # noqa: F401

pytestmark = pytest.mark.browser
LAPTOP = {"viewport": {"width": 1366, "height": 768}}


def staff_words() -> list[str]:
    """The framework's statements and theme names as staff read them."""
    spec = factories.shipped()
    return [c.stance for c in spec.cells] + [t.label for t in spec.themes]


def assert_parents_words_only(page):
    text = page.locator("body").text_content()  # also what is folded away
    assert [words for words in staff_words() if words in text] == []


def test_a_parent_sees_only_parents_words(browser, phone, live_server, open_round):  # noqa: F811
    page = phone
    start_as(page, f"{live_server.url}/d/{open_round.code}/", "Ouder/verzorger")
    school = page.get_by_label("Op welke school zit je kind?")
    assert school.locator("option").all_text_contents() == ["Kies…", "De Regenboog", "Het Kompas"]
    school.select_option(label="Het Kompas")
    page.get_by_role("button", name="Verder").click()
    answer_themes(page, 6)

    expect(page.get_by_role("heading", level=1)).to_have_text("Klopt dit?")
    expect(page.get_by_role("heading", level=2).first).to_have_text("Extra hulp voor kinderen")
    assert_parents_words_only(page)
    assert_accessible(page, "audience-review-390")

    page.get_by_role("button", name="Versturen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jouw profiel")
    assert_parents_words_only(page)
    risks = page.locator(".profile-risks")
    expect(risks.get_by_text("Eenvoudige taal voor ouders (B1)").first).to_be_visible()
    source = risks.locator("details").first
    expect(source.locator(".risk__source")).to_be_hidden()
    source.get_by_text("Zo staat het in het kader").click()
    expect(source.locator(".risk__source")).to_be_visible()
    assert_accessible(page, "audience-profile-390")
    private = page.locator(".private-link a").get_attribute("href")

    # The private link on another device: the same profile, in the same words.
    context = browser.new_context(locale="nl-NL", **LAPTOP)
    laptop = context.new_page()
    try:
        laptop.goto(private)
        expect(laptop.get_by_role("heading", level=1)).to_have_text("Jouw profiel")
        expect(
            laptop.get_by_role("row", name=re.compile("Extra hulp voor kinderen"))
        ).to_be_visible()
        assert_parents_words_only(laptop)
        assert_accessible(laptop, "audience-profile-private-1366")
        laptop.get_by_role("link", name="Antwoorden aanpassen").click()
        expect(laptop.get_by_role("heading", level=1)).to_have_text("Klopt dit?")
        assert_parents_words_only(laptop)
        assert_accessible(laptop, "audience-review-1366")
    finally:
        context.close()
