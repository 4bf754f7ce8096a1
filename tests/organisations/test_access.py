"""Every coordinator page and API endpoint: the owner gets in, a member of another
organisation gets 404, an anonymous visitor is sent to log in (pages) or gets 401 (API),
and a reader gets 403 on anything that writes."""

import pytest

from tests.conftest import PASSWORD, school
from visiespiegel.organisations.services import create_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(org, round_):
    unit = school(org)
    member = org.memberships.first()
    reads = [
        f"/org/{org.slug}/",
        f"/org/{org.slug}/eenheden/",
        f"/peilingen/{round_.pk}/",
        f"/peilingen/{round_.pk}/deelname/",
        f"/peilingen/{round_.pk}/uitnodiging/",
        f"/peilingen/{round_.pk}/uitnodiging/?eenheid={unit.pk}",
        f"/peilingen/{round_.pk}/qr.svg",
        f"/peilingen/{round_.pk}/qr.png",
    ]
    writes_get = [
        f"/org/{org.slug}/eenheden/import/",
        f"/org/{org.slug}/eenheden/{unit.pk}/",
        f"/org/{org.slug}/peilingen/nieuw/",
        f"/peilingen/{round_.pk}/bewerken/",
        f"/org/{org.slug}/leden/",
    ]
    writes_post = [
        f"/org/{org.slug}/eenheden/{unit.pk}/verwijderen/",
        f"/peilingen/{round_.pk}/sluiten/",
        f"/peilingen/{round_.pk}/openen/",
        f"/org/{org.slug}/leden/{member.pk}/rol/",
        f"/org/{org.slug}/leden/{member.pk}/verwijderen/",
    ]
    return reads, writes_get, writes_post


def test_owner_gets_every_page(client, alice, urls):
    client.force_login(alice)
    reads, writes_get, _ = urls
    for url in reads + writes_get:
        assert client.get(url).status_code == 200, url


def test_member_of_another_organisation_gets_404_everywhere(client, alice, bob, urls):
    client.force_login(bob)
    reads, writes_get, writes_post = urls
    for url in reads + writes_get:
        assert client.get(url).status_code == 404, url
    for url in writes_post:
        assert client.post(url).status_code == 404, url


def test_anonymous_visitor_is_sent_to_log_in(client, alice, urls):
    reads, writes_get, writes_post = urls
    for url in reads + writes_get:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/inloggen/?next="), url
    for url in writes_post:
        assert client.post(url).status_code == 302, url


def test_reader_reads_but_cannot_write(client, alice, rita, urls, round_):
    client.force_login(rita)
    reads, writes_get, writes_post = urls
    for url in reads:
        assert client.get(url).status_code == 200, url
    for url in writes_get:
        assert client.get(url).status_code == 403, url
    for url in writes_post:
        assert client.post(url).status_code == 403, url
    round_.refresh_from_db()
    assert round_.is_open()


def test_api_rounds_are_limited_to_the_token_owners_organisations(client, alice, bob, round_):
    assert client.get("/api/v1/rounds").status_code == 401
    assert client.get(f"/api/v1/rounds/{round_.pk}/participation").status_code == 401
    bad = {"HTTP_AUTHORIZATION": "Bearer vs_nope"}
    assert client.get("/api/v1/rounds", **bad).status_code == 401
    own = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user=alice)}"}
    listed = client.get("/api/v1/rounds", **own).json()
    assert [r["id"] for r in listed] == [round_.pk]
    data = client.get(f"/api/v1/rounds/{round_.pk}/participation", **own).json()
    assert data["round"]["responses"] == 0
    assert {u["label"] for u in data["by_unit"]} == {"Bestuur Noord", "De Regenboog", "Het Kompas"}
    other = {"HTTP_AUTHORIZATION": f"Bearer {create_token(user=bob)}"}
    assert client.get("/api/v1/rounds", **other).json() == []
    assert client.get(f"/api/v1/rounds/{round_.pk}/participation", **other).status_code == 404


def test_login_by_email_and_throttling(client, alice, settings):
    from django.core.cache import cache

    cache.clear()
    assert (
        client.post(
            "/inloggen/", {"username": "ALICE@swv-a.example", "password": PASSWORD}
        ).status_code
        == 302
    )
    client.logout()
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        response = client.post("/inloggen/", {"username": "alice", "password": "fout"})
        assert "Voer een juiste" in response.content.decode()
    blocked = client.post("/inloggen/", {"username": "alice", "password": PASSWORD})
    assert blocked.status_code == 200
    assert "Te veel mislukte pogingen" in blocked.content.decode()
    cache.clear()


def test_delete_page_is_404_for_outsiders_and_login_for_anonymous(client, alice, bob, round_):
    url = f"/peilingen/{round_.pk}/verwijderen/"
    client.force_login(bob)
    assert client.get(url).status_code == 404
    assert client.post(url, {"code": round_.code}).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    round_.refresh_from_db()
