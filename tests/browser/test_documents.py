"""The compliance pack as pages: reached from the privacy statement, axe-clean, nothing
wider than a phone's screen (tables scroll in their own region)."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser

LINKS = [
    "DPIA-opzet",
    "Gegevens voor de verwerkersovereenkomst",
    "Gegevens voor de toegankelijkheidsverklaring",
]


@pytest.mark.parametrize("device", ["page", "phone"])
def test_documents_from_the_privacy_statement(request, live_server, transactional_db, device):
    page = request.getfixturevalue(device)
    for link in LINKS:
        page.goto(live_server.url + "/privacy/")
        page.get_by_role("link", name=link).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(link.split(":")[0])
        assert_accessible(page, f"document-{link.split()[-1].lower()}-{device}")
