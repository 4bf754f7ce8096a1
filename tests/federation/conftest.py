import pytest
import requests

from tests.federation.provider import Provider


@pytest.fixture(scope="session")
def _provider():
    provider = Provider().start()
    yield provider
    provider.stop()


@pytest.fixture
def provider(_provider, settings):
    """The test provider, with log-in by school account configured for it (by discovery)."""
    _provider.reset()
    settings.OIDC_ISSUER = _provider.issuer
    settings.OIDC_RP_CLIENT_ID = _provider.client_id
    settings.OIDC_RP_CLIENT_SECRET = _provider.client_secret
    return _provider


def through_provider(client, response):
    """Follow a redirect to the provider, which consents at once; returns the callback URL
    it sends the browser back to (on the test client's host)."""
    assert response.status_code == 302, response.status_code
    back = requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text
    return back.headers["Location"].removeprefix("http://testserver")


def school_login(client, response):
    """Go through the provider and come back: the callback's response."""
    return client.get(through_provider(client, response))
