"""A live session as it runs in a school hall: the projected screen, the facilitator's control
view (a second window) and three phones (separate browser contexts) against `visiespiegel
serve --workers 2`, so the screen and the phones are served by different processes.

The screen is a slide at 1366x768 and at 1920x1080: every step fits without scrolling and
every text on it is at least 4 % of the screen's height. It follows the control view, has no
form (the decision is typed in the control view) and shows the join code on every step. The
phones read the stances in their own audience's words, see each vote counted on the screen
within 2 s, the counts per model only once the vote closes; a reload on either side loses
nothing; the decision lands in the ambition; screen, control view and phones are axe-clean."""

import json

import pytest
from playwright.sync_api import expect

from bench.common import Site
from tests.browser.conftest import ARTIFACTS, DESKTOP, PHONE, assert_accessible

pytestmark = pytest.mark.browser
PASSWORD = "een lang en sterk wachtwoord"
BEAMERS = [{"width": 1366, "height": 768}, {"width": 1920, "height": 1080}]
STEPS = 2 + 6 * 7 + 1  # welcome, participation; seven slides for each of six themes; the choice

# Visible text on the slide smaller than 4 % of the screen's height: every element with text
# of its own (not only for screen readers), with its size in px.
SMALL_TEXT = """() => {
  const least = 0.04 * window.innerHeight;
  return [...document.querySelectorAll("main *")]
    .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
    .filter(e => e.getClientRects().length && !e.closest(".visually-hidden, [hidden]"))
    .filter(e => parseFloat(getComputedStyle(e).fontSize) < least - 0.01)
    .map(e => `${e.tagName}.${e.className} ${getComputedStyle(e).fontSize}: `
              + e.textContent.trim().slice(0, 40));
}"""


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


def assert_fits(screen, name: str) -> None:
    """The slide at both beamer sizes: nothing to scroll, no text under 4 % of the height."""
    for size in BEAMERS:
        screen.set_viewport_size(size)
        ARTIFACTS.mkdir(exist_ok=True)
        screen.screenshot(path=ARTIFACTS / f"slide-{name}-{size['height']}.png", full_page=True)
        height = screen.evaluate("document.scrollingElement.scrollHeight")
        width = screen.evaluate("document.scrollingElement.scrollWidth")
        assert width <= size["width"] and height <= size["height"], (name, size, width, height)
        assert screen.evaluate(SMALL_TEXT) == [], (name, size)
    screen.set_viewport_size(BEAMERS[0])


def test_a_screen_a_control_view_and_three_phones(browser, site):
    hall = browser.new_context(locale="nl-NL", viewport=BEAMERS[0])
    control = hall.new_page()
    control.set_viewport_size(DESKTOP["viewport"])
    control.goto(f"{site.url}/inloggen/")
    control.get_by_label("Gebruikersnaam of e-mailadres").fill("carla")
    control.get_by_label("Wachtwoord").fill(PASSWORD)
    control.get_by_role("main").get_by_role("button", name="Inloggen").click()
    control.goto(f"{site.url}/peilingen/{site.round_id}/ambitie/")
    control.get_by_role("button", name="Live sessie starten").click()
    expect(control.get_by_role("heading", name="Regie van de sessie")).to_be_visible()
    assert_accessible(control, "session-control")
    with hall.expect_page() as opened:
        control.get_by_role("link", name="Scherm voor de zaal").click()
    screen = opened.value
    screen.set_viewport_size(BEAMERS[0])
    code = screen.locator(".slide__code").inner_text().strip()
    assert_fits(screen, "welcome")
    assert_accessible(screen, "session-welcome")

    phones = [browser.new_context(locale="nl-NL", **PHONE).new_page() for _ in range(3)]
    for phone, who in zip(
        phones, ["Ik ben ouder of verzorger", "Ik ben leerling", "Ik werk in het onderwijs"],
        strict=True,
    ):  # fmt: skip
        phone.goto(f"{site.url}/s/")
        phone.get_by_label("Code op het scherm").fill(code.lower())
        phone.get_by_role("button", name="Meedoen").click()
        expect(phone.get_by_role("heading", name="Wie ben je?")).to_be_visible()
        if who.startswith("Ik ben ouder"):
            assert_accessible(phone, "session-phone-who")
        phone.get_by_label(who).check()
        phone.get_by_role("button", name="Verder").click()
        expect(phone.get_by_role("heading", name="Welkom bij de sessie")).to_be_visible()
    assert_accessible(phones[0], "session-phone-welcome")
    expect(screen.locator("#telefoons")).to_have_text("3 telefoons verbonden")

    def step(number: int) -> None:
        """Move the control view one step on (its key); the screen follows by itself."""
        with control.expect_navigation():
            control.keyboard.press("ArrowRight")
        expect(screen.get_by_text(f"stap {number} van {STEPS}")).to_be_visible()

    step(2)
    assert_fits(screen, "participation")
    step(3)
    # The stances, read blind on the screen and in each phone's own words.
    expect(screen.get_by_role("heading", name="Visie op ondersteuning")).to_be_visible()
    assert_fits(screen, "stances")
    expect(phones[0].get_by_role("heading", name="Extra hulp voor kinderen")).to_be_visible()
    expect(phones[1].get_by_role("heading", name="Extra hulp")).to_be_visible()
    expect(phones[2].get_by_role("heading", name="Visie op ondersteuning")).to_be_visible()
    assert_accessible(phones[0], "session-phone-stances")
    screen_stances = screen.locator(".slide__cards li").all_inner_texts()
    parent_stances = phones[0].locator(".stance-recap li").all_inner_texts()
    assert len(screen_stances) == len(parent_stances) == 4
    assert not set(map(str.strip, screen_stances)) & set(map(str.strip, parent_stances))

    step(4)
    with control.expect_navigation():
        control.keyboard.press("r")  # reveal
    expect(screen.locator(".slide-chart")).to_be_visible()
    rows = screen.locator(".slide-chart tbody th").all_inner_texts()
    assert rows == ["Specialisme", "Maatwerk", "Sterke basis", "Gemeenschap"]
    expect(screen.locator(".slide__noise")).to_have_text(
        "Elk aantal wijkt voor de anonimiteit hooguit 2 af: opgeteld kan het daardoor iets "
        "verschillen."
    )
    assert_fits(screen, "figures")
    assert_accessible(screen, "session-figures")
    for number, name in [(5, "table"), (6, "risks-1"), (7, "risks-2"), (8, "questions")]:
        step(number)
        assert_fits(screen, name)
    assert_accessible(screen, "session-questions")
    with control.expect_navigation():
        control.keyboard.press("t")  # a timer for the talk, on the phones too
    expect(phones[0].get_by_role("timer")).to_contain_text("Tijd om te praten: 4:")

    step(9)  # the vote
    with control.expect_navigation():
        control.keyboard.press("o")  # open the vote
    expect(control.get_by_role("button", name="Stemming sluiten (O)")).to_be_visible()
    expect(screen.get_by_text("stemming open")).to_be_visible()
    assert_fits(screen, "vote-open")
    votes = screen.locator("#stemmen")
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
    expect(screen.get_by_text("De verdeling verschijnt als de stemming sluit")).to_be_visible()
    expect(screen.locator(".slide-chart")).to_have_count(0)

    # A reload on either side loses nothing.
    screen.reload()
    expect(screen.get_by_text(f"stap 9 van {STEPS}")).to_be_visible()
    expect(votes).to_have_text("3")
    phones[2].reload()
    expect(phones[2].get_by_label("Sterke basis", exact=False)).to_be_checked()

    with control.expect_navigation():
        control.keyboard.press("o")  # close the vote: now the counts
    expect(screen.locator(".slide-chart tbody tr")).to_have_count(4)
    shown = screen.locator(".slide-chart td span").all_inner_texts()
    assert shown == ["0 (0%)", "0 (0%)", "1 (33%)", "2 (67%)"]
    expect(votes).to_have_text("3")  # the number above the bars is their sum
    assert_fits(screen, "vote-closed")
    assert_accessible(screen, "session-vote")

    # The decision is typed in the control view; the projected screen has no form at all.
    assert screen.locator("main form, main input, main textarea").count() == 0
    control.get_by_label("Gemeenschap").check()
    control.get_by_label("Waarom (kort)").fill("Samen met de wijk")
    control.get_by_label("Besloten door").fill("Teamvergadering")
    assert_accessible(control, "session-control-decide")
    control.get_by_role("button", name="Besluit vastleggen").click()
    expect(control.get_by_text("Besluit vastgelegd.")).to_be_visible()
    expect(screen.get_by_text("Besloten in deze sessie")).to_be_visible()
    assert screen.get_by_text("Samen met de wijk").count() == 0
    for phone in phones:
        expect(phone.get_by_text("Besloten in deze sessie")).to_be_visible(timeout=5000)
    assert_accessible(phones[0], "session-phone-decided")
    assert_fits(screen, "vote-decided")

    # Every other slide fits too: the other themes (revealed) and the choice.
    for number in range(10, STEPS + 1):
        step(number)
        if screen.get_by_text("nog verborgen").count():
            with control.expect_navigation():
                control.keyboard.press("r")
            expect(screen.get_by_text("nog verborgen")).to_have_count(0)
        expect(screen.locator(".slide__code")).to_have_text(code)  # the join code, always
        assert_fits(screen, f"step-{number}")
    expect(screen.get_by_role("heading", name="Onze keuze")).to_be_visible()
    assert_accessible(screen, "session-choice")

    control.goto(f"{site.url}/peilingen/{site.round_id}/ambitie/")
    expect(control.get_by_role("cell", name="Samen met de wijk")).to_be_visible()
