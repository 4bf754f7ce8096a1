import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "heading"),
    [
        ("/", "Waar staan we in passend onderwijs, en waar willen we naartoe?"),
        ("/privacy/", "Privacyverklaring"),
        ("/toegankelijkheid/", "Toegankelijkheidsverklaring"),
        ("/inloggen/", "Inloggen voor coördinatoren"),
    ],
)
def test_public_pages_are_dutch_by_default(client, url, heading):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.content.decode()
    assert response["Content-Language"] == "nl"


def test_language_switch_sets_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/privacy/"})
    assert response.status_code == 302
    assert response["Location"] == "/privacy/"
    html = client.get("/privacy/").content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Privacy statement</h1>" in html
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert "<h1>Privacyverklaring</h1>" in client.get("/privacy/").content.decode()


def test_contact_address_is_shown_when_configured(client, settings):
    settings.CONTACT_EMAIL = "privacy@swv.example"
    html = client.get("/privacy/").content.decode()
    assert 'href="mailto:privacy@swv.example"' in html


def test_strict_security_headers(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_not_found_page_is_ours(client, settings):
    settings.DEBUG = False
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()


def test_login_works_for_a_user(client, django_user_model):
    django_user_model.objects.create_user("coordinator", password="een lang wachtwoord")
    response = client.post(
        "/inloggen/", {"username": "coordinator", "password": "een lang wachtwoord"}
    )
    assert response.status_code == 302
    assert "Uitloggen" in client.get("/").content.decode()


def test_login_with_a_wrong_password_says_so_at_the_form(client):
    response = client.post("/inloggen/", {"username": "x", "password": "y"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
