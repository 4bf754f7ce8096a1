"""API tokens in the UI: made with a name, shown once, stored hashed, revoked with a click."""

import pytest

from visiespiegel.organisations.models import ApiToken

pytestmark = pytest.mark.django_db


def test_a_token_is_shown_once_stored_hashed_and_works(client, alice, round_):
    client.force_login(alice)
    assert client.get("/api-sleutels/").status_code == 200
    response = client.post("/api-sleutels/", {"name": "Power BI kwaliteitszorg"}, follow=True)
    assert response.redirect_chain == [("/api-sleutels/", 302)]  # a reload makes no second one
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    token = html.split('id="nieuwe-sleutel" class="token-value" type="text" value="')[1][:67]
    assert token.startswith("vs_") and len(token) == 67
    stored = ApiToken.objects.get(user=alice)
    assert stored.name == "Power BI kwaliteitszorg" and stored.digest == ApiToken.hash(token)
    assert token not in str(ApiToken.objects.values_list())  # only the hash is kept
    assert token not in client.get("/api-sleutels/").content.decode()  # never shown again
    client.logout()
    api = client.get(f"/api/v1/rounds/{round_.pk}/results", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 200


def test_a_name_is_required(client, alice):
    client.force_login(alice)
    html = client.post("/api-sleutels/", {"name": " "}).content.decode()
    assert "Geef de sleutel een naam." in html and not ApiToken.objects.exists()


def test_revoking_stops_the_token_and_only_your_own(client, alice, bob, round_):
    from visiespiegel.organisations.services import create_token

    token = create_token(user=alice, name="oud")
    theirs = create_token(user=bob, name="van bob")
    client.force_login(alice)
    bobs = ApiToken.objects.get(user=bob)
    assert client.post(f"/api-sleutels/{bobs.pk}/intrekken/").status_code == 404
    mine = ApiToken.objects.get(user=alice)
    assert client.post(f"/api-sleutels/{mine.pk}/intrekken/").status_code == 302
    assert "ingetrokken" in client.get("/api-sleutels/").content.decode()
    client.logout()
    url = f"/api/v1/rounds/{round_.pk}/results"
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401
    assert client.get("/api/v1/rounds", HTTP_AUTHORIZATION=f"Bearer {theirs}").status_code == 200


def test_the_page_needs_a_login(client):
    assert client.get("/api-sleutels/").status_code == 302
