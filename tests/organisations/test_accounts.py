"""Coordinator accounts: invitations that must be accepted, log-in pauses per account (also in
the admin), password resets that lift them, and reset mails for accounts without a password."""

import html
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command

from tests.conftest import PASSWORD
from visiespiegel.organisations.models import MemberInvitation, Membership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def invite(client, org, email, role="coordinator"):
    response = client.post(f"/org/{org.slug}/leden/", {"email": email, "role": role}, follow=True)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def accept_link():
    return re.search(r"https?://[^/]+(/uitnodiging/[^/\s]+/)", mail.outbox[-1].body).group(1)


def test_inviting_reveals_nothing_and_adds_nobody_without_consent(client, alice, bob, org):
    client.force_login(alice)
    new = invite(client, org, "Nieuw@School.example")
    existing = invite(client, org, "bob@swv-b.example")
    # The manager sees the same message for an address with and without an account.
    assert "Uitnodiging verstuurd naar nieuw@school.example." in new
    assert "Uitnodiging verstuurd naar bob@swv-b.example." in existing
    assert not Membership.objects.filter(organisation=org, user=bob).exists()
    assert MemberInvitation.objects.filter(organisation=org).count() == 2
    assert "bob@swv-b.example" in existing and "Openstaande uitnodigingen" in existing
    # Both mails say the same, with a link to accept.
    assert [m.to for m in mail.outbox] == [["nieuw@school.example"], ["bob@swv-b.example"]]
    assert "/uitnodiging/" in mail.outbox[0].body and "/wachtwoord/" not in mail.outbox[0].body


def test_a_new_person_makes_an_account_by_accepting(client, alice, org):
    client.force_login(alice)
    invite(client, org, "nieuw@school.example", role="lezer")
    link = accept_link()
    client.logout()
    page = client.get(link).content.decode()
    assert "Kies een gebruikersnaam" in page
    response = client.post(
        link, {"username": "nieuw", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response["Location"] == f"/org/{org.slug}/"
    membership = Membership.objects.get(user__username="nieuw")
    assert (membership.role, membership.user.email) == ("lezer", "nieuw@school.example")
    assert client.get(link).status_code == 404  # used up


def test_an_existing_account_accepts_after_logging_in(client, alice, bob, org):
    client.force_login(alice)
    invite(client, org, "bob@swv-b.example")
    link = accept_link()
    client.logout()
    assert "Log in om de uitnodiging aan te nemen" in client.get(link).content.decode()
    client.force_login(alice)  # the wrong account
    assert "Je bent ingelogd met een ander account" in client.get(link).content.decode()
    client.force_login(bob)
    assert client.post(link)["Location"] == f"/org/{org.slug}/"
    assert Membership.objects.get(organisation=org, user=bob).role == "coordinator"


def test_any_valid_address_can_be_invited(client, alice, org):
    client.force_login(alice)
    long = "a" * 140 + "@example.org"  # 152 characters
    for email in ("o'brien@example.org", long):
        assert f"Uitnodiging verstuurd naar {email}." in invite(client, org, email)
    client.logout()
    link = accept_link()
    page = client.get(link).content.decode()
    assert 'name="username"' in page


def test_invitations_can_be_revoked_and_expire(client, alice, org, settings):
    client.force_login(alice)
    invite(client, org, "weg@school.example")
    link = accept_link()
    invitation = MemberInvitation.objects.get()
    client.post(f"/org/{org.slug}/leden/uitnodigingen/{invitation.pk}/intrekken/")
    assert client.get(link).status_code == 404
    invite(client, org, "laat@school.example")
    settings.MEMBER_INVITATION_DAYS = 0
    assert client.get(accept_link()).status_code == 404


def test_one_pause_per_account_whatever_name_is_typed(client, alice, settings):
    settings.LOGIN_FAILURE_LIMIT = 4
    for name in ("alice", "ALICE", "alice@swv-a.example", "Alice@SWV-A.example"):
        client.post("/inloggen/", {"username": name, "password": "fout"})
    blocked = client.post("/inloggen/", {"username": "alice", "password": PASSWORD})
    assert "Te veel mislukte pogingen" in blocked.content.decode()


def test_the_admin_log_in_pauses_too(client, alice, settings):
    alice.is_staff = True
    alice.save()
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post("/beheer/login/", {"username": "alice", "password": "fout"})
    response = client.post("/beheer/login/", {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200
    assert "Te veel mislukte pogingen" in response.content.decode()


def reset_link(client, email):
    client.post("/wachtwoord/vergeten/", {"email": email})
    return re.search(r"https?://[^/]+(/wachtwoord/nieuw/\S+)", mail.outbox[-1].body).group(1)


def test_a_password_reset_lifts_the_pause(client, alice, settings):
    settings.LOGIN_FAILURE_LIMIT = 2
    for _ in range(2):
        client.post("/inloggen/", {"username": "alice", "password": "fout"})
    link = reset_link(client, "alice@swv-a.example")
    form = client.get(link, follow=True)
    new = "een ander lang wachtwoord"
    client.post(form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    response = client.post("/inloggen/", {"username": "alice", "password": new})
    assert response.status_code == 302


def test_reset_mails_are_limited_per_account(client, alice, settings):
    settings.RESET_MAILS_PER_HOUR = 2
    for _ in range(4):
        response = client.post("/wachtwoord/vergeten/", {"email": "alice@swv-a.example"})
        assert response.status_code == 302  # the page says the same every time
    assert len(mail.outbox) == 2


def test_an_account_made_on_the_command_line_sets_its_password_by_reset(client, org):
    call_command(
        "user", "create", "carla", "--organisation", org.slug, "--email", "carla@swv-a.example",
        stdout=None,
    )  # fmt: skip
    link = reset_link(client, "carla@swv-a.example")
    form = client.get(link, follow=True)
    client.post(form.redirect_chain[-1][0], {"new_password1": PASSWORD, "new_password2": PASSWORD})
    assert client.post("/inloggen/", {"username": "carla", "password": PASSWORD}).status_code == 302
