"""Log in with the school account against a real OpenID Connect provider (tests/federation/
provider.py): invitations link an identity, strangers get nothing, bad tokens are refused."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests import factories
from tests.federation.conftest import school_login, through_provider
from visiespiegel.federation.models import FederatedIdentity, LoginPolicy
from visiespiegel.organisations.models import Membership
from visiespiegel.organisations.services import invite_member

pytestmark = pytest.mark.django_db

UNKNOWN = "Je schoolaccount is nog niet gekoppeld"
FAILED = "Inloggen met je schoolaccount is niet gelukt"


def invited(org, email="sanne@school.example", role="coordinator"):
    _invitation, token = invite_member(organisation=org, email=email, role=role)
    return token


def accept(client, token):
    return school_login(client, client.post(f"/schoolaccount/uitnodiging/{token}/"))


def signed_in(client):
    return client.session.get("_auth_user_id")


def test_nothing_changes_without_configuration(client, org):
    token = invited(org)
    assert "schoolaccount" not in client.get("/inloggen/").content.decode()
    assert "schoolaccount" not in client.get(f"/uitnodiging/{token}/").content.decode()
    assert client.get("/schoolaccount/inloggen/").status_code == 404
    assert client.post(f"/schoolaccount/uitnodiging/{token}/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404


def test_log_in_page_offers_the_school_account(client, provider):
    page = client.get("/inloggen/?next=/org/").content.decode()
    assert '<a class="button" href="/schoolaccount/inloggen/?next=/org/">' in page
    assert "Inloggen met je schoolaccount" in page


def test_invited_person_accepts_with_school_account_and_logs_in_again(client, provider, org):
    token = invited(org)
    response = accept(client, token)
    assert response.status_code == 302
    assert response["Location"] == "/org/swv-a/"
    user = get_user_model().objects.get(email="sanne@school.example")
    assert user.username == "sanne"
    assert not user.has_usable_password()
    assert signed_in(client) == str(user.pk)
    assert list(Membership.objects.filter(user=user).values_list("organisation__slug", "role")) == [
        ("swv-a", "coordinator")
    ]
    identity = FederatedIdentity.objects.get()
    assert (identity.user, identity.issuer) == (user, provider.issuer)
    assert identity.subject_digest == FederatedIdentity.digest("leerkracht-1")
    assert not org.invitations.exists()

    client.post("/uitloggen/")
    response = school_login(client, client.get("/schoolaccount/inloggen/?next=/org/swv-a/leden/"))
    assert (response.status_code, response["Location"]) == (302, "/org/swv-a/leden/")
    assert signed_in(client) == str(user.pk)
    assert get_user_model().objects.count() == 1


def test_an_existing_account_of_the_invited_address_is_linked(client, provider, org):
    bob = factories.user("bob", factories.organisation(slug="swv-b", name="B"), email="b@x.nl")
    accept(client, invited(org, email="B@x.nl"))
    assert signed_in(client) == str(bob.pk)
    assert FederatedIdentity.objects.get().user == bob
    assert bob.memberships.count() == 2
    assert bob.has_usable_password()


def test_a_stranger_with_a_valid_identity_gets_no_account(client, provider, org):
    users = get_user_model().objects.count()
    response = school_login(client, client.get("/schoolaccount/inloggen/"))
    assert response.status_code == 403
    page = response.content.decode()
    assert f"<h1>{UNKNOWN}</h1>" in page
    assert get_user_model().objects.count() == users
    assert not FederatedIdentity.objects.exists()
    assert not Membership.objects.exists()
    assert signed_in(client) is None


def test_an_identity_of_another_account_does_not_accept_an_invitation(client, provider, org):
    bob = factories.user("bob", org, email="bob@x.nl")
    FederatedIdentity.objects.create(
        user=bob, issuer=provider.issuer, subject_digest=FederatedIdentity.digest("leerkracht-1")
    )
    response = accept(client, invited(org, email="carol@x.nl"))
    assert response.status_code == 403
    assert "<h1>Dit schoolaccount hoort bij een ander account</h1>" in response.content.decode()
    assert org.invitations.get().email == "carol@x.nl"
    assert signed_in(client) is None


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"audience": "een-andere-dienst"}, id="wrong-audience"),
        pytest.param({"lifetime": -120}, id="expired"),
    ],
)
def test_a_bad_id_token_is_refused(client, provider, org, change):
    for name, value in change.items():
        setattr(provider, name, value)
    token = invited(org)
    response = accept(client, token)
    assert response.status_code == 403
    assert f"<h1>{FAILED}</h1>" in response.content.decode()
    assert not get_user_model().objects.exists()
    assert not FederatedIdentity.objects.exists()
    assert org.invitations.count() == 1
    assert signed_in(client) is None


def test_a_replayed_state_is_refused(client, provider, org):
    start = client.post(f"/schoolaccount/uitnodiging/{invited(org)}/")
    callback = through_provider(client, start)
    assert client.get(callback).status_code == 302
    replayed = client.get(callback)  # the state was used: same session, same page
    assert replayed.status_code == 403
    assert f"<h1>{FAILED}</h1>" in replayed.content.decode()
    client.post("/uitloggen/")
    again = client.get(callback)
    assert again.status_code == 403
    assert f"<h1>{FAILED}</h1>" in again.content.decode()
    assert signed_in(client) is None
    elsewhere = Client()
    assert elsewhere.get(callback).status_code == 403
    assert signed_in(elsewhere) is None


def test_only_allowed_schools(client, provider, org, settings):
    settings.OIDC_HOME_ORGANISATIONS = ["00AA"]
    provider.claims["nlEduPersonHomeOrganizationId"] = "99ZZ"
    response = accept(client, invited(org))
    assert response.status_code == 403
    assert "<h1>Met dit schoolaccount kun je hier niet inloggen</h1>" in response.content.decode()
    assert not get_user_model().objects.exists()

    provider.claims["nlEduPersonHomeOrganizationId"] = ["00AA"]
    assert accept(client, invited(org)).status_code == 302


def test_the_subject_may_be_another_claim_from_user_info(client, provider, org, settings):
    settings.OIDC_SUBJECT_CLAIM = "uid"
    provider.userinfo = {"uid": ["f3a8c9e0-pseudoniem"]}
    accept(client, invited(org))
    assert FederatedIdentity.objects.get().subject_digest == FederatedIdentity.digest(
        "f3a8c9e0-pseudoniem"
    )


def test_password_log_in_refused_when_switched_off(client, provider, org, other_org):
    alice = factories.user("alice", org, role="beheerder")
    factories.user("bob", org)
    factories.user("carol", other_org)
    client.force_login(alice)
    members = client.get("/org/swv-a/leden/").content.decode()
    assert "0 van de 2 leden hebben een gekoppeld schoolaccount." in members
    response = client.post("/org/swv-a/leden/inlogbeleid/", {}, follow=True)
    assert (
        "Koppel eerst je eigen schoolaccount; anders kun je zelf niet meer inloggen."
        in response.content.decode()
    )
    assert not LoginPolicy.objects.exists()

    school_login(client, client.post("/org/swv-a/leden/schoolaccount/"))
    assert FederatedIdentity.objects.get().user == alice
    response = client.post("/org/swv-a/leden/inlogbeleid/", {}, follow=True)
    assert "Inlogbeleid opgeslagen." in response.content.decode()
    assert LoginPolicy.objects.get(organisation=org).password_login is False
    client.post("/uitloggen/")

    for name in ("bob", "alice@swv-a.example"):
        response = client.post("/inloggen/", {"username": name, "password": factories.PASSWORD})
        assert response.status_code == 200
        assert "Je organisatie laat alleen inloggen met het schoolaccount toe." in (
            response.content.decode()
        )
        assert signed_in(client) is None
    response = client.post("/inloggen/", {"username": "carol", "password": factories.PASSWORD})
    assert response.status_code == 302

    client.post("/uitloggen/")
    assert school_login(client, client.get("/schoolaccount/inloggen/")).status_code == 302
    assert signed_in(client) == str(alice.pk)
    client.post("/org/swv-a/leden/inlogbeleid/", {"password_login": "on"})
    assert LoginPolicy.objects.get(organisation=org).password_login is True


def form_action(response):
    """The sources of the response's CSP form-action directive, in whatever order the policy has."""
    policy = response["Content-Security-Policy"]
    directives = (part.split() for part in policy.split(";") if part.strip())
    return next(sources for name, *sources in directives if name == "form-action")


def test_invitation_page_without_passwords(client, provider, org):
    LoginPolicy.objects.create(organisation=org, password_login=False)
    response = client.get(f"/uitnodiging/{invited(org)}/")
    # Its form leads to the provider: the policy lets it (browsers check form redirects).
    assert form_action(response) == ["'self'", provider.issuer]
    assert form_action(client.get("/inloggen/")) == ["'self'"]
    page = response.content.decode()
    assert "Aannemen met je schoolaccount" in page
    assert "Kies een gebruikersnaam en een wachtwoord" not in page
    with_passwords = client.get(f"/uitnodiging/{invited(factories.organisation('swv-c'))}/")
    assert "Kies een gebruikersnaam en een wachtwoord" in with_passwords.content.decode()


def test_login_policy_is_for_managers_only(client, provider, org, other_org):
    rita = factories.user("rita", org, role="coordinator")
    carol = factories.user("carol", other_org, role="beheerder")
    client.force_login(rita)
    assert client.post("/org/swv-a/leden/inlogbeleid/", {}).status_code == 403
    client.force_login(carol)
    assert client.post("/org/swv-a/leden/inlogbeleid/", {}).status_code == 404
    client.logout()
    response = client.post("/org/swv-a/leden/inlogbeleid/", {})
    assert response["Location"] == "/inloggen/?next=/org/swv-a/leden/inlogbeleid/"
    assert not LoginPolicy.objects.exists()
