import pytest

from visiespiegel.organisations.services import create_token


@pytest.fixture
def api(client, alice):
    """Call /api/v1 as alice (a manager), or with another token, or none."""
    token = create_token(user=alice)

    def call(method, path, body=None, token=token, **params):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        if body is None:
            return getattr(client, method)(f"/api/v1{path}", params, **headers)
        return getattr(client, method)(
            f"/api/v1{path}", body, content_type="application/json", **headers
        )

    return call
