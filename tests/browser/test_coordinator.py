"""The coordinator's way: log in, add units by CSV, create a round, print the invitation,
watch participation come in, close. axe-core clean on every page."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.conftest import PASSWORD, all_answers

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinator(transactional_db, shipped_spec):
    from visiespiegel.frameworks.services import import_framework
    from visiespiegel.organisations.services import create_organisation, create_user

    import_framework(spec=shipped_spec)
    org = create_organisation(slug="swv-a", name="Samenwerkingsverband A")
    create_user(
        username="alice",
        email="alice@swv-a.example",
        organisation=org,
        role="beheerder",
        password=PASSWORD,
    )
    return org


def test_coordinator_flow(page, live_server, coordinator, tmp_path, settings):
    from visiespiegel.rounds.models import Round

    settings.POLL_SECONDS = 1
    from visiespiegel.rounds.submission import submit_response

    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Inloggen").click()
    assert_accessible(page, "coordinator-login")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill("alice@swv-a.example")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Peilingen")
    assert_accessible(page, "coordinator-home-empty")

    # Units by CSV: a bad file first (nothing imported, errors per line), then a good one.
    page.get_by_role("link", name="Eenheden").click()
    page.get_by_role("link", name="Importeren uit CSV").click()
    bad = tmp_path / "fout.csv"
    bad.write_text(
        "name,type,parent,brin\nBestuur Noord,bestuur,,\nDe Linde,school,Onbekend,\n",
        encoding="utf-8",
    )
    page.get_by_label("CSV-bestand").set_input_files(bad)
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_role("alert")).to_contain_text("regel 3: bovenliggende eenheid")
    assert_accessible(page, "coordinator-import-errors")
    good = tmp_path / "scholen.csv"
    # As Dutch Excel saves it: Dutch headers, semicolons, a byte order mark.
    good.write_text(
        "\ufeffnaam;soort;bovenliggend;brin\nBestuur Noord;bestuur;;\n"
        "De Linde;school;Bestuur Noord;21XY00\nHet Anker;school;Bestuur Noord;\n",
        encoding="utf-8",
    )
    page.get_by_label("CSV-bestand").set_input_files(good)
    page.get_by_role("button", name="Importeren").click()
    expect(page.get_by_text("3 eenheden geïmporteerd.")).to_be_visible()
    expect(page.get_by_role("rowheader", name=re.compile("De Linde"))).to_be_visible()
    assert_accessible(page, "coordinator-units")

    # A round.
    page.get_by_role("link", name="Peilingen").click()
    page.get_by_role("link", name="Nieuwe peiling").click()
    page.get_by_label("Titel").fill("Teamdag voorjaar")
    page.get_by_label("Anonimiteitsdrempel").fill("2")
    page.get_by_role("button", name="Peiling aanmaken").click()
    expect(page.locator("#id_threshold-veld .field__error")).to_be_visible()
    assert_accessible(page, "coordinator-round-form-errors")
    page.get_by_label("Anonimiteitsdrempel").fill("5")
    page.get_by_role("button", name="Peiling aanmaken").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Teamdag voorjaar")
    round_ = Round.objects.get()
    expect(page.locator(".join-code")).to_have_text(round_.display_code)
    expect(page.get_by_role("img", name=re.compile("QR-code"))).to_be_visible()
    assert_accessible(page, "coordinator-round")

    # The invitation prints on A4 with code, QR and link.
    page.get_by_role("link", name="Uitnodiging afdrukken").click()
    expect(page.locator(".invitation__code")).to_have_text(round_.display_code)
    assert_accessible(page, "coordinator-invitation")
    page.emulate_media(media="print")
    pdf = page.pdf(prefer_css_page_size=True)
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 1
    page.emulate_media(media="screen")
    page.go_back()

    # Participation updates live (htmx polls every POLL_SECONDS; one second here).
    expect(page.locator("#deelname .big-number")).to_contain_text("0")
    linde = coordinator.units.get(name="De Linde")
    for _ in range(3):
        submit_response(
            round_=round_,
            role="leraar",
            unit_id=linde.pk,
            answers=all_answers(),
            idempotency_key=uuid.uuid4(),
        )
    expect(page.locator("#deelname .big-number")).to_contain_text("3", timeout=5000)
    linde_row = page.locator("#deelname").get_by_role("row", name=re.compile("De Linde"))
    expect(linde_row).to_contain_text("3")

    # Close: the round accepts nothing more.
    page.get_by_role("button", name="Sluiten").click()
    expect(page.get_by_text("De peiling is gesloten.")).to_be_visible()
    expect(page.get_by_role("button", name="Heropenen")).to_be_visible()
    assert_accessible(page, "coordinator-round-closed")
    round_.refresh_from_db()
    assert not round_.is_open()

    # Deleting asks for the code first.
    page.get_by_role("link", name="Peiling met alle antwoorden verwijderen").click()
    page.get_by_role("button", name="Definitief verwijderen").click()
    expect(page.get_by_role("alert")).to_have_text("Dat is niet de code van deze peiling.")
    assert_accessible(page, "coordinator-round-delete")
    page.get_by_label(re.compile("Typ ter bevestiging")).fill(round_.display_code)
    page.get_by_role("button", name="Definitief verwijderen").click()
    expect(page.get_by_text("De peiling en alle antwoorden zijn verwijderd.")).to_be_visible()
    assert not Round.objects.exists()


def test_coordinator_pages_on_a_phone(phone, live_server, coordinator):
    phone.goto(live_server.url + "/inloggen/")
    phone.get_by_label("Gebruikersnaam of e-mailadres").fill("alice")
    phone.get_by_label("Wachtwoord").fill(PASSWORD)
    phone.get_by_role("button", name="Inloggen").click()
    phone.goto(live_server.url + "/org/swv-a/leden/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Leden")
    assert_accessible(phone, "coordinator-members-phone")
    phone.goto(live_server.url + "/org/swv-a/peilingen/nieuw/")
    assert_accessible(phone, "coordinator-round-form-phone")
    phone.goto(live_server.url + "/org/swv-a/eenheden/import/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Eenheden importeren")
    assert_accessible(phone, "coordinator-unit-import-phone")  # the example scrolls focusably
    phone.goto(live_server.url + "/api-sleutels/")
    assert_accessible(phone, "coordinator-tokens-phone")
