"""A coordinator builds the region from DUO's files on the units page: a broken file first
(every problem located), then the real ones (preview, confirm), then a year later (renamed,
added, vanished). axe-core clean on every page, on a computer and on a phone."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

SAMPLES = Path(__file__).parents[1] / "organisations" / "duo"


@pytest.fixture
def region(transactional_db):
    from visiespiegel.organisations.services import create_organisation, create_user

    org = create_organisation(slug="swv-v", name="Samenwerkingsverband Voorbeeld")
    create_user(username="alice", organisation=org, role="beheerder", password=PASSWORD)
    return org


def choose(page, *names, swv="PO 22-01"):
    page.get_by_label("DUO-bestanden (CSV)").set_input_files([SAMPLES / n for n in names])
    page.get_by_label("Samenwerkingsverband").fill(swv)
    page.get_by_role("button", name="Controleren").click()


@pytest.mark.parametrize("device", ["page", "phone"])
def test_region_from_duo_files(request, live_server, region, device):
    page = request.getfixturevalue(device)
    log_in(page, live_server)
    page.goto(live_server.url + "/org/swv-v/eenheden/")
    page.get_by_role("link", name="Importeren uit DUO-bestanden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importeren uit DUO-bestanden")
    assert_accessible(page, f"duo-upload-{device}")

    choose(page, "vestigingen-kapot.csv", "bevoegde-gezagen.csv", swv="")
    expect(page.get_by_role("alert")).to_contain_text("In de bestanden staan 5 problemen")
    problems = page.get_by_role("table", name="Problemen in de bestanden")
    expect(problems.get_by_role("row")).to_have_count(6)
    row = (
        "vestigingen-kapot.csv regel 6 kolom BEVOEGD GEZAG NUMMER ‘negentig’ is geen nummer van "
        "een bevoegd gezag"
    )
    expect(problems.get_by_role("row", name=row)).to_be_visible()
    assert_accessible(page, f"duo-problems-{device}")
    assert region.units.count() == 0

    choose(page, "vestigingen.csv", "bevoegde-gezagen.csv", "swv-vestigingen.csv")
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer de import")
    expect(page.locator(".lead")).to_have_text(
        "Samenwerkingsverband PO2201: 3 besturen en 40 vestigingen in de bestanden."
    )
    expect(page.get_by_role("region", name="Nieuwe eenheden").get_by_role("row")).to_have_count(44)
    assert_accessible(page, f"duo-preview-{device}")
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_role("status").or_(page.locator(".messages"))).to_contain_text(
        "43 eenheden toegevoegd, 0 nieuwe namen."
    )
    assert region.units.count() == 43

    page.goto(live_server.url + "/org/swv-v/eenheden/duo/")
    choose(page, "vestigingen-2.csv", "bevoegde-gezagen.csv", "swv-vestigingen-2.csv")
    renamed = page.get_by_role("region", name="Nieuwe namen")
    expect(
        renamed.get_by_role("row", name="De Zonnewijzer De Zonnewijzer-Noord 91AA03")
    ).to_be_visible()
    vanished = page.get_by_role("region", name="Niet (meer) in de bestanden")
    expect(vanished.get_by_role("row")).to_have_count(3)
    expect(vanished).to_contain_text("Het Anker")
    assert_accessible(page, f"duo-preview-later-{device}")
    page.get_by_role("button", name="Importeren").click()
    expect(page.locator(".messages")).to_contain_text("3 eenheden toegevoegd, 2 nieuwe namen.")
    assert region.units.count() == 46
