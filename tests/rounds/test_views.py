import pytest

from tests.conftest import all_answers, school
from visiespiegel.rounds.models import Round

pytestmark = pytest.mark.django_db


def test_create_a_round_with_units_and_roles(client, alice, org, framework):
    client.force_login(alice)
    unit = school(org)
    response = client.post(
        f"/org/{org.slug}/peilingen/nieuw/",
        {
            "title": "Teamdag",
            "framework": framework.pk,
            "threshold": 4,
            "roles": ["leraar", "ouder"],
            "units": [str(unit.pk)],
            "welcome_text": "Welkom",
        },
    )
    round_ = Round.objects.get(title="Teamdag")
    assert response["Location"] == f"/peilingen/{round_.pk}/"
    assert (round_.threshold, round_.roles, list(round_.units.all())) == (
        4,
        ["leraar", "ouder"],
        [unit],
    )


def test_create_refuses_a_low_threshold_at_the_field(client, alice, org, framework):
    client.force_login(alice)
    response = client.post(
        f"/org/{org.slug}/peilingen/nieuw/",
        {
            "title": "Teamdag",
            "framework": framework.pk,
            "threshold": 2,
            "roles": ["leraar"],
        },
    )
    assert response.status_code == 200
    assert "threshold" in response.context["form"].errors
    assert not Round.objects.exists()


def test_round_page_shows_code_link_qr_and_participation(client, alice, round_):
    import uuid

    from visiespiegel.rounds.submission import submit_response

    submit_response(
        round_=round_,
        role="ouder",
        unit_id=school(round_.organisation).pk,
        answers=all_answers(),
        idempotency_key=uuid.uuid4(),
    )
    client.force_login(alice)
    html = client.get(f"/peilingen/{round_.pk}/").content.decode()
    assert round_.display_code in html
    assert f"http://testserver/d/{round_.code}/" in html
    assert f"/peilingen/{round_.pk}/qr.svg" in html
    partial = client.get(f"/peilingen/{round_.pk}/deelname/").content.decode()
    assert 'hx-trigger="every 10s"' in partial
    assert "<span>1</span>" in partial


def test_qr_codes(client, alice, round_):
    client.force_login(alice)
    svg = client.get(f"/peilingen/{round_.pk}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg.content.startswith(b"<svg")
    png = client.get(f"/peilingen/{round_.pk}/qr.png?download=1")
    assert png.content.startswith(b"\x89PNG")
    assert png["Content-Disposition"] == f'attachment; filename="qr-{round_.code}.png"'
    assert client.get(f"/peilingen/{round_.pk}/qr.gif").status_code == 404


def test_invitation_per_round_and_per_unit(client, alice, round_):
    client.force_login(alice)
    unit = school(round_.organisation, "Het Kompas")
    html = client.get(f"/peilingen/{round_.pk}/uitnodiging/?eenheid={unit.pk}").content.decode()
    assert round_.display_code in html
    assert f"/d/{round_.code}/e/{unit.pk}/" in html
    assert "Het Kompas" in html
    assert client.get(f"/peilingen/{round_.pk}/uitnodiging/?eenheid=999999").status_code == 404


def test_close_and_reopen(client, alice, round_):
    client.force_login(alice)
    client.post(f"/peilingen/{round_.pk}/sluiten/")
    round_.refresh_from_db()
    assert not round_.is_open()
    client.post(f"/peilingen/{round_.pk}/openen/")
    round_.refresh_from_db()
    assert round_.is_open()


def test_edit_fixes_roles_once_answered(client, alice, round_):
    import uuid

    from visiespiegel.rounds.submission import submit_response

    client.force_login(alice)
    submit_response(
        round_=round_,
        role="ouder",
        unit_id=school(round_.organisation).pk,
        answers=all_answers(),
        idempotency_key=uuid.uuid4(),
    )
    client.post(
        f"/peilingen/{round_.pk}/bewerken/",
        {
            "title": "Nieuwe titel",
            "threshold": 6,
            "roles": ["leraar"],
        },
    )
    round_.refresh_from_db()
    assert (round_.title, round_.threshold) == ("Nieuwe titel", 6)
    assert "ouder" in round_.roles


def test_delete_a_round_with_its_answers(client, alice, rita, round_):
    import uuid

    from visiespiegel.rounds.models import Answer, Response
    from visiespiegel.rounds.submission import submit_response

    submit_response(
        round_=round_,
        role="ouder",
        unit_id=school(round_.organisation).pk,
        answers=all_answers(),
        idempotency_key=uuid.uuid4(),
    )
    url = f"/peilingen/{round_.pk}/verwijderen/"
    client.force_login(rita)
    assert client.get(url).status_code == 403
    client.force_login(alice)
    assert "1 antwoord" in client.get(url).content.decode()
    wrong = client.post(url, {"code": "AAAAAA"})
    assert "Dat is niet de code van deze peiling." in wrong.content.decode()
    assert Round.objects.filter(pk=round_.pk).exists()
    response = client.post(url, {"code": round_.display_code.lower()})
    assert response["Location"] == f"/org/{round_.organisation.slug}/"
    assert not Round.objects.filter(pk=round_.pk).exists()
    assert Response.objects.count() == Answer.objects.count() == 0


def test_closing_before_opening_is_refused_at_the_field(client, alice, org, framework):
    client.force_login(alice)
    response = client.post(
        f"/org/{org.slug}/peilingen/nieuw/",
        {
            "title": "Teamdag",
            "framework": framework.pk,
            "threshold": 5,
            "roles": ["leraar"],
            "opens_at": "2026-12-10T10:00",
            "closes_at": "2026-12-09T10:00",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["closes_at"] == [
        "Het sluitmoment moet na het openingsmoment liggen."
    ]
    assert not Round.objects.exists()
