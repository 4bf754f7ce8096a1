"""Log in with the school account in the browser, through the test OpenID Connect provider
(tests/federation/provider.py): an invited coordinator accepts and comes back; a stranger with a
valid identity gets no organisation. axe-core clean on every page, on a laptop and a phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE, assert_accessible
from tests.federation import conftest as federation

# The test provider's fixtures (tests/federation/conftest.py), for these tests too.
_provider = federation._provider
provider = federation.provider

pytestmark = pytest.mark.browser


@pytest.fixture
def invitation(transactional_db):
    from visiespiegel.organisations.services import create_organisation, invite_member

    org = create_organisation(slug="swv-a", name="Samenwerkingsverband A")
    _invitation, token = invite_member(
        organisation=org, email="sanne@school.example", role="coordinator"
    )
    return token


@pytest.mark.parametrize("device", ["laptop", "phone"])
def test_invited_coordinator_logs_in_with_school_account(
    browser, live_server, provider, invitation, device
):
    from visiespiegel.federation.models import FederatedIdentity

    options = PHONE if device == "phone" else {"viewport": {"width": 1366, "height": 900}}
    context = browser.new_context(locale="nl-NL", **options)
    page = context.new_page()

    page.goto(f"{live_server.url}/uitnodiging/{invitation}/")
    assert_accessible(page, f"school-account-invitation-{device}")
    page.get_by_role("button", name="Aannemen met je schoolaccount").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Peilingen")
    expect(page.get_by_role("status").or_(page.get_by_role("alert")).first).to_contain_text(
        "Je bent nu lid van Samenwerkingsverband A."
    )
    assert FederatedIdentity.objects.get().user.email == "sanne@school.example"

    page.get_by_role("button", name="Uitloggen").click()
    page.goto(f"{live_server.url}/inloggen/")
    assert_accessible(page, f"school-account-login-{device}")
    page.get_by_role("link", name="Inloggen met je schoolaccount").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Peilingen")

    # Someone else with a valid school account, whom nobody invited.
    page.get_by_role("button", name="Uitloggen").click()
    provider.claims = {"sub": "iemand-anders"}
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_role("link", name="Inloggen met je schoolaccount").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Je schoolaccount is nog niet gekoppeld"
    )
    assert_accessible(page, f"school-account-unknown-{device}")
    page.goto(f"{live_server.url}/org/")
    expect(page).to_have_url(f"{live_server.url}/inloggen/?next=/org/")
    context.close()


def test_members_page_login_policy(page, live_server, provider, transactional_db):
    from tests.conftest import PASSWORD
    from visiespiegel.federation.models import FederatedIdentity
    from visiespiegel.organisations.services import create_organisation, create_user

    org = create_organisation(slug="swv-a", name="Samenwerkingsverband A")
    alice = create_user(
        username="alice",
        email="alice@swv-a.example",
        organisation=org,
        role="beheerder",
        password=PASSWORD,
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/inloggen/")
    page.get_by_label("Gebruikersnaam of e-mailadres").fill("alice")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Inloggen", exact=True).click()
    page.goto(f"{live_server.url}/org/swv-a/leden/")
    page.get_by_role("button", name="Koppel je eigen schoolaccount").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leden")
    assert FederatedIdentity.objects.get().user == alice
    page.get_by_label("Leden mogen ook inloggen met een wachtwoord").uncheck()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Inlogbeleid opgeslagen.")).to_be_visible()
    expect(page.get_by_label("Leden mogen ook inloggen met een wachtwoord")).not_to_be_checked()
    expect(page.get_by_text("1 van de 1 leden heeft een gekoppeld schoolaccount.")).to_be_visible()
    assert_accessible(page, "school-account-members")
