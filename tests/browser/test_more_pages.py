"""The remaining pages, each checked with axe-core at phone width."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def setup(transactional_db, shipped_spec):
    from visiespiegel.frameworks.services import import_framework
    from visiespiegel.organisations.services import add_unit, create_organisation, create_user
    from visiespiegel.rounds.lifecycle import create_round

    framework, _ = import_framework(spec=shipped_spec)
    org = create_organisation(slug="swv-a", name="Samenwerkingsverband A")
    unit = add_unit(organisation=org, name="De Regenboog", brin="12AB00")
    create_user(
        username="alice",
        email="alice@swv-a.example",
        organisation=org,
        role="beheerder",
        password=PASSWORD,
    )
    round_ = create_round(organisation=org, title="Voorjaar", framework=framework)
    return org, unit, round_


def test_password_reset_pages(phone, live_server, setup):
    phone.goto(live_server.url + "/inloggen/")
    phone.get_by_role("link", name="Wachtwoord vergeten?").click()
    assert_accessible(phone, "password-reset-form")
    phone.get_by_label("E-mailadres").fill("alice@swv-a.example")
    phone.get_by_role("button", name="Stuur de link").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Kijk in je e-mail")
    assert_accessible(phone, "password-reset-done")
    phone.goto(live_server.url + "/wachtwoord/nieuw/MQ/ongeldig/")
    expect(phone.get_by_text("Deze link is niet meer geldig.")).to_be_visible()
    assert_accessible(phone, "password-reset-invalid")


def test_edit_pages_and_busy_page(phone, live_server, setup, settings):
    _org, unit, round_ = setup
    phone.goto(live_server.url + "/inloggen/")
    phone.get_by_label("Gebruikersnaam of e-mailadres").fill("alice")
    phone.get_by_label("Wachtwoord").fill(PASSWORD)
    phone.get_by_role("main").get_by_role("button", name="Inloggen").click()
    phone.goto(f"{live_server.url}/org/swv-a/eenheden/{unit.pk}/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("De Regenboog wijzigen")
    assert_accessible(phone, "unit-edit")
    phone.goto(f"{live_server.url}/peilingen/{round_.pk}/bewerken/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Peiling wijzigen")
    assert_accessible(phone, "round-edit")
    settings.JOIN_FAILURES_PER_NETWORK = 1
    phone.goto(f"{live_server.url}/d/?code=ZZZZZZZZ")  # one wrong try ...
    phone.goto(f"{live_server.url}/d/?code=ZZZZZZZZ")  # ... and this network waits
    expect(phone.get_by_role("heading", level=1)).to_have_text("Even geduld")
    assert_accessible(phone, "join-busy")
