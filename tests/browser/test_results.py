"""Results pages in the browser, on demo-like data: axe-core clean, no console errors,
filters work with and without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in, pdf_pages

pytestmark = pytest.mark.browser


def no_console_errors(page):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return errors


@pytest.mark.parametrize("size", ["page", "phone"])
def test_results_pages(request, live_server, results_round, size):
    page = request.getfixturevalue(size)
    errors = no_console_errors(page)
    log_in(page, live_server)
    page.goto(f"{live_server.url}/peilingen/{results_round.pk}/")
    page.get_by_role("link", name="Uitkomsten").click()
    expect(page.get_by_text("40 antwoorden", exact=True)).to_be_visible()
    expect(page.locator(".theme-result")).to_have_count(6)
    assert_accessible(page, f"results-overview-{size}")
    # Filter by role (htmx swaps the results in place; the URL follows). Which of the three
    # equal roles suppression leaves out to hide the 4 gemeente answers is not the point here,
    # so the checks read the group line, not a figure.
    page.get_by_label("Rol", exact=True).select_option(label="Schoolleider")
    expect(page.get_by_text(re.compile(r"^Alle eenheden · Schoolleider"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"rol=schoolleider"))
    # A group too small, with no figures at all.
    page.get_by_label("Rol", exact=True).select_option(label="Gemeente")
    expect(page.get_by_text("Niet getoond: minder dan 5 antwoorden.")).to_be_visible()
    expect(page.locator(".theme-result")).to_have_count(0)
    assert_accessible(page, f"results-suppressed-{size}")
    for name, slug in (
        ("Vergelijken", "compare"),
        ("Signalen en gespreksgids", "signals"),
        ("Opmerkingen", "remarks"),
    ):
        page.get_by_role("navigation", name="Uitkomsten").get_by_role("link", name=name).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(name)
        assert_accessible(page, f"results-{slug}-{size}")
    assert errors == []


def test_results_filters_work_without_javascript(browser, live_server, results_round):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    log_in(page, live_server)
    page.goto(f"{live_server.url}/peilingen/{results_round.pk}/resultaten/")
    page.get_by_label("Rol", exact=True).select_option(label="Schoolleider")
    page.get_by_role("button", name="Toon").click()
    expect(page.get_by_text(re.compile(r"^Alle eenheden · Schoolleider"))).to_be_visible()
    context.close()


def test_signals_page_prints(page, live_server, results_round):
    log_in(page, live_server)
    page.goto(f"{live_server.url}/peilingen/{results_round.pk}/signalen/")
    expect(page.get_by_role("heading", name="Gespreksgids", exact=True)).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".filters")).to_be_hidden()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")


def test_filters_survive_back_forward_and_tabs(page, live_server, results_round):
    log_in(page, live_server)
    base = f"{live_server.url}/peilingen/{results_round.pk}/resultaten/"
    page.goto(base)
    role = page.get_by_label("Rol", exact=True)
    role.select_option(label="Schoolleider")
    expect(page.get_by_text(re.compile(r"^Alle eenheden · Schoolleider"))).to_be_visible()
    role.select_option(label="Leraar")
    expect(page.get_by_text(re.compile(r"^Alle eenheden · Leraar"))).to_be_visible()
    expect(page).to_have_url(f"{base}?rol=leraar")  # one clean query string, not a growing one
    # The tabs and the printed header follow the swapped-in group at once.
    signals = page.get_by_role("navigation", name="Uitkomsten").get_by_role(
        "link", name="Signalen en gespreksgids"
    )
    expect(signals).to_have_attribute("href", re.compile(r"\?rol=leraar$"))
    expect(page.locator("link#afdrukkop")).to_have_attribute("href", re.compile(r"rol=leraar$"))
    page.go_back()
    expect(page).to_have_url(f"{base}?rol=schoolleider")
    expect(page.get_by_label("Rol", exact=True)).to_have_value("schoolleider")
    page.go_back()
    expect(page).to_have_url(base)
    expect(page.get_by_label("Rol", exact=True)).to_have_value("")
    expect(page.get_by_text("40 antwoorden", exact=True)).to_be_visible()
    page.go_forward()
    expect(page.get_by_label("Rol", exact=True)).to_have_value("schoolleider")
    tabs = page.get_by_role("navigation", name="Uitkomsten")
    tabs.get_by_role("link", name="Signalen en gespreksgids").click()
    expect(page).to_have_url(re.compile(r"/signalen/\?rol=schoolleider$"))
    expect(page.get_by_label("Rol", exact=True)).to_have_value("schoolleider")
    page.get_by_role("navigation", name="Uitkomsten").get_by_role("link", name="Overzicht").click()
    expect(page.get_by_label("Rol", exact=True)).to_have_value("schoolleider")


def test_results_print_as_a_short_report(page, live_server, results_round):
    log_in(page, live_server)
    page.goto(f"{live_server.url}/peilingen/{results_round.pk}/resultaten/")
    pages = pdf_pages(page)
    assert 2 <= len(pages) <= 4
    themes = 0
    for number, printed in enumerate(pages, start=1):
        text = printed.extract_text()
        header = re.sub(r"\s+", " ", text.split("\n")[0].replace("·", " · ").replace("=", " = "))
        assert header.startswith("Voorjaar · Samenwerkingsverband A · Alle eenheden · alle rollen")
        assert header.endswith("n = 40") and f"pagina {number} van {len(pages)}" in text
        # A theme starts and ends on one page: each one's facts and its table together.
        assert text.count("Gemiddeld nu") == text.count("Van nu (rijen) naar gewenst")
        themes += text.count("Gemiddeld nu")
    assert themes == 6
    assert round(float(pages[0].mediabox.width) / 72 * 25.4) == 210  # A4 portrait
