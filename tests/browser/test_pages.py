import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, pdf_pages

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("framework")]


@pytest.fixture
def framework(transactional_db, shipped_spec):
    from visiespiegel.frameworks.services import import_framework

    return import_framework(spec=shipped_spec)[0]


@pytest.mark.parametrize("size", ["page", "phone"])
def test_home_leads_to_placemat_and_login(request, live_server, size):
    page = request.getfixturevalue(size)
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Waar staan we")
    assert_accessible(page, f"home-{size}")

    page.get_by_role("link", name="Bekijk het kader").click()
    expect(page).to_have_url(re.compile(r"/kader/$"))
    page.go_back()
    page.get_by_role("main").get_by_role("link", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen voor coördinatoren")
    assert_accessible(page, f"login-{size}")


def test_skip_link_is_first_and_visible_on_focus(page, live_server):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#inhoud$"))


def test_placemat_desktop_shows_the_whole_grid(page, live_server):
    page.goto(live_server.url + "/kader/")
    table = page.get_by_role("table")
    expect(table.get_by_role("columnheader")).to_have_count(5)  # "Thema" + four models
    expect(table.get_by_role("rowheader")).to_have_count(6)
    expect(table.get_by_role("cell")).to_have_count(24)
    expect(page.locator(".risks .risk")).to_have_count(4)
    first = table.get_by_role("cell").first
    expect(first).to_contain_text("Ik zorg voor leerlingen met extra ondersteuningsbehoeften.")
    # The grid keeps its logic: the first cell sits under model 1 and in theme row 1.
    header = table.get_by_role("columnheader").nth(1)
    expect(header).to_contain_text("Specialisme")
    box_header, box_cell = header.bounding_box(), first.bounding_box()
    assert abs(box_header["x"] - box_cell["x"]) < 2
    expect(page.get_by_role("columnheader", name=re.compile("Maatwerk"))).to_contain_text(
        "werktitel"
    )
    assert_accessible(page, "placemat-desktop")


def test_placemat_phone_is_one_theme_at_a_time(phone, live_server):
    phone.goto(live_server.url + "/kader/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "no sideways scrolling on a phone"
    # Each cell names its model, since the column headers are not on screen.
    cells = phone.locator("td.cell")
    expect(cells).to_have_count(24)
    expect(cells.nth(5).locator(".cell__model")).to_contain_text("Maatwerk")
    expect(cells.nth(5).locator(".cell__model")).to_be_visible()
    # Jump straight to a theme.
    phone.get_by_role("link", name="De rol van het samenwerkingsverband (swv)").click()
    expect(phone).to_have_url(re.compile("#thema-swv$"))
    expect(phone.locator("#thema-swv th")).to_be_in_viewport()
    assert_accessible(phone, "placemat-phone")


def test_placemat_phone_one_model_at_a_time(phone, live_server):
    phone.goto(live_server.url + "/kader/")
    phone.get_by_role("link", name="Per model").click()
    expect(phone.get_by_role("link", name="Per model")).to_have_attribute("aria-current", "page")
    sections = phone.locator(".by-model__model")
    expect(sections).to_have_count(4)
    expect(sections.nth(3).get_by_role("heading", level=2)).to_contain_text("model 4 van 4")
    expect(sections.nth(3).locator("article.cell")).to_have_count(6)
    expect(sections.nth(3).locator(".risk__headline")).to_have_text(
        "De investering van tijd en energie in de brede samenwerking gaat ten koste van het "
        "onderwijs."
    )
    assert_accessible(phone, "placemat-phone-per-model")


def mm(printed) -> tuple[int, int]:
    return tuple(round(float(side) / 72 * 25.4) for side in printed.mediabox[2:])


SMALLEST_PRINTED_TEXT = """() => Math.min(...[...document.querySelectorAll('main *')]
    .filter(e => e.offsetParent)
    .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
    .map(e => parseFloat(getComputedStyle(e).fontSize)))"""


def test_placemat_prints_on_one_a3_page_and_per_model_on_a4(page, live_server):
    page.goto(f"{live_server.url}/kader/")
    grid, risks = pdf_pages(page)
    assert mm(grid) == (420, 297)  # A3 landscape
    text = grid.extract_text()
    assert "thuisnabij" in text  # the last cell: the whole grid on one page
    assert "Risico" not in text and "Risico" in risks.extract_text()
    assert page.evaluate(SMALLEST_PRINTED_TEXT) >= 12  # 9 pt
    page.goto(f"{live_server.url}/kader/?weergave=model")
    models = pdf_pages(page)
    assert {mm(p) for p in models} == {(210, 297)}  # A4
    firsts = [n for p in models for n in range(1, 5) if f"model {n} van 4" in p.extract_text()]
    assert firsts == [1, 2, 3, 4]  # each model starts a page of its own
    assert page.evaluate(SMALLEST_PRINTED_TEXT) >= 12


def test_language_switch_to_english_and_back(page, live_server):
    page.goto(live_server.url + "/kader/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="By model")).to_be_visible()
    # Framework text stays in Dutch, as in the source.
    expect(page.get_by_role("cell").first).to_contain_text("Ik zorg voor leerlingen")
    # ... and is marked as Dutch, so a screen reader reads it in Dutch.
    expect(page.locator(".cell__stance span[lang=nl]").first).to_have_text(
        "Ik zorg voor leerlingen met extra ondersteuningsbehoeften."
    )
    assert_accessible(page, "placemat-english")
    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")


@pytest.mark.parametrize("size", ["page", "phone"])
@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/privacy/", "Privacyverklaring"),
        ("/toegankelijkheid/", "Toegankelijkheidsverklaring"),
        ("/bestaat-niet/", "Deze pagina bestaat niet"),
    ],
)
def test_statement_and_error_pages(request, live_server, settings, size, path, heading):
    settings.DEBUG = False
    page = request.getfixturevalue(size)
    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert_accessible(page, f"{path.strip('/')}-{size}")


def test_api_docs_page_renders_under_the_strict_policy(page, live_server):
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/api/v1/docs")
    expect(page.get_by_text("/api/v1/frameworks/{key}")).to_be_visible()
    # Swagger UI comes from django-ninja's bundled static files, never from a CDN.
    assert errors == []
