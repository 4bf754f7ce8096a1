"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Never `playwright install`: it downloads a browser, which this project must not do. Where no
Chromium exists the tests are skipped with a notice, except under CI, where that is a failure.
"""

import io
import os
import shutil
import uuid
from pathlib import Path

import pypdf
import pytest
from axe_playwright_python.sync_playwright import Axe

from tests import factories
from tests.conftest import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS", "test-artifacts"))
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP = {"viewport": {"width": 1440, "height": 900}}
# WCAG 2.1 A and AA, plus axe's best practices (landmarks, headings, ...).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


@pytest.fixture(scope="session")
def browser():
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        message = f"no Chromium at {CHROMIUM}: browser tests skipped (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import expect, sync_playwright

    # Two cores shared by the test workers and the live servers: an htmx swap can take more
    # than Playwright's 5 s default on a busy CI machine.
    expect.set_options(timeout=15_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _page(browser, **options):
    context = browser.new_context(locale="nl-NL", **options)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page(browser):
    yield from _page(browser, **DESKTOP)


@pytest.fixture
def phone(browser):
    yield from _page(browser, **PHONE)


_axe = Axe()


def assert_accessible(page, name: str | None = None):
    """axe-core finds no violation on the page as it is now; optionally keep a screenshot."""
    if name:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
    # Nothing wider than the screen (data tables may scroll inside their own region; text
    # for screen readers only is clipped).
    too_wide = page.evaluate(
        """width => [...document.querySelectorAll('body *')]
        .filter(e => !e.closest('.table-scroll, .visually-hidden')
                && e.getBoundingClientRect().right > width + 1)
        .slice(0, 5).map(e => `${e.tagName}.${e.className}`)""",
        page.viewport_size["width"],
    )
    assert not too_wide, too_wide
    results = _axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def pdf_pages(page) -> list:
    """The page as printed (print media, the CSS page size), read back with pypdf."""
    page.emulate_media(media="print")
    reader = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    return reader.pages


@pytest.fixture
def results_round(transactional_db, shipped_spec):
    from visiespiegel.frameworks.services import import_framework
    from visiespiegel.organisations.services import add_unit, create_organisation, create_user
    from visiespiegel.rounds.lifecycle import close_round, create_round
    from visiespiegel.rounds.submission import AnswerIn, submit_response

    framework, _ = import_framework(spec=shipped_spec)
    org = create_organisation(slug="swv-a", name="Samenwerkingsverband A")
    board = add_unit(organisation=org, name="Bestuur Noord", kind="bestuur")
    schools = [add_unit(organisation=org, name=n, parent=board) for n in ("Noord", "Zuid")]
    create_user(username="alice", organisation=org, role="beheerder", password=PASSWORD)
    round_ = create_round(organisation=org, title="Voorjaar", framework=framework)
    themes = factories.theme_keys()
    models = factories.model_keys()
    for i in range(40):
        role = ["leraar", "ouder", "schoolleider"][i % 3] if i < 36 else "gemeente"
        answers = [
            AnswerIn(
                theme=t,
                now=models[(i + j) % 2 + (role == "ouder")],
                wanted=models[2 + (i + j) % 2],
                remark="Meer samen" if j == 0 else "",
            )
            for j, t in enumerate(themes)
        ]
        submit_response(
            round_=round_,
            role=role,
            unit_id=schools[i % 2].pk,
            answers=answers,
            idempotency_key=uuid.uuid4(),
        )
    close_round(round_=round_)  # results are published when a round closes
    return round_


def log_in(page, live_server):
    page.goto(live_server.url + "/inloggen/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill("alice")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Inloggen").click()
