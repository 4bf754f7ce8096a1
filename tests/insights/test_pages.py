import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.conftest import add_responses, school
from visiespiegel.insights.models import PublishedRemark
from visiespiegel.insights.services import publish
from visiespiegel.rounds.lifecycle import close_round, update_round
from visiespiegel.rounds.models import Remark

pytestmark = pytest.mark.django_db


def pages(round_):
    return [
        f"/peilingen/{round_.pk}/{page}/"
        for page in ("resultaten", "vergelijken", "signalen", "opmerkingen")
    ] + [f"/peilingen/{round_.pk}/vergelijken/?per=eenheid"]


def test_every_results_page_owner_outsider_anonymous_reader(client, alice, bob, rita, round_):
    add_responses(round_, 5, remark="Goed")
    close_round(round_=round_)
    remark = Remark.objects.first()
    hide = f"/peilingen/{round_.pk}/opmerkingen/{remark.public_id}/verbergen/"
    interim = f"/peilingen/{round_.pk}/tussenstand/"
    for user, status in ((alice, 200), (rita, 200), (bob, 404)):
        client.force_login(user)
        for url in pages(round_):
            assert client.get(url).status_code == status, (user, url)
    client.force_login(bob)
    assert client.post(hide).status_code == 404
    assert client.post(interim).status_code == 404
    client.force_login(rita)
    assert client.post(hide).status_code == 403
    assert client.post(interim).status_code == 403
    client.logout()
    for url in pages(round_):
        assert client.get(url).status_code == 302
    assert client.post(hide).status_code == 302
    remark.refresh_from_db()
    assert remark.hidden is False


def test_overview_shows_figures_with_a_fixed_number_of_queries(client, alice, round_):
    client.force_login(alice)
    add_responses(round_, 5)
    publish(round_=round_)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/peilingen/{round_.pk}/resultaten/")
        assert response.status_code == 200
        return len(queries), response.content.decode()

    few, html = count()
    assert "5 antwoorden" in html
    assert "Tussenstand 1" in html
    assert "Van nu (rijen) naar gewenst (kolommen)" in html
    add_responses(round_, 30)
    add_responses(round_, 12, unit="Het Kompas", role="ouder")
    publish(round_=round_)
    many, html = count()
    assert many == few
    assert "47 antwoorden" in html


def test_an_open_round_shows_nothing_until_published(client, alice, round_):
    client.force_login(alice)
    add_responses(round_, 8)
    html = client.get(f"/peilingen/{round_.pk}/resultaten/").content.decode()
    assert "Nog niets gepubliceerd" in html
    assert "Gemiddeld nu" not in html
    response = client.post(f"/peilingen/{round_.pk}/tussenstand/", follow=True)
    html = response.content.decode()
    assert "Tussenstand 1 gepubliceerd met 8 antwoorden" in html
    assert "Gemiddeld nu" in html


def test_pages_show_nothing_for_a_suppressed_group(client, alice, round_):
    client.force_login(alice)
    add_responses(round_, 6)
    add_responses(round_, 2, role="ouder", remark="Alleen wij twee")
    close_round(round_=round_)
    for page in ("resultaten", "signalen"):
        html = client.get(f"/peilingen/{round_.pk}/{page}/?rol=ouder").content.decode()
        assert "Niet getoond: minder dan 5 antwoorden." in html
        assert "Gemiddeld nu" not in html
    html = client.get(f"/peilingen/{round_.pk}/opmerkingen/?rol=ouder").content.decode()
    assert "niet per rol" in html and "Alleen wij twee" not in html
    # 8 - 6 = 2: the teachers are hidden too, or the parents could be worked out.
    html = client.get(f"/peilingen/{round_.pk}/resultaten/?rol=leraar").content.decode()
    assert "af te leiden uit andere groepen" in html
    compare = client.get(f"/peilingen/{round_.pk}/vergelijken/").content.decode()
    assert "n = 6" not in compare and "n = 2" not in compare


def test_filter_outside_the_round_is_404(client, alice, round_, other_org):
    client.force_login(alice)
    url = f"/peilingen/{round_.pk}/resultaten/"
    assert client.get(f"{url}?eenheid={other_org.units.first().pk}").status_code == 404
    assert client.get(f"{url}?rol=directeur").status_code == 404


def test_remarks_for_the_whole_round_in_random_order_and_hiding(client, alice, round_):
    client.force_login(alice)
    add_responses(round_, 5, remark="Meer tijd voor overleg")
    close_round(round_=round_)
    html = client.get(f"/peilingen/{round_.pk}/opmerkingen/").content.decode()
    assert html.count("Meer tijd voor overleg") == 30  # 5 responses x 6 themes
    assert "De Regenboog</blockquote>" not in html
    unit = school(round_.organisation).pk
    html = client.get(f"/peilingen/{round_.pk}/opmerkingen/?eenheid={unit}").content.decode()
    assert "Meer tijd voor overleg" not in html and "Kies alle eenheden" in html
    remark = Remark.objects.first()
    assert remark.public_id != str(remark.pk) and len(remark.public_id) == 32
    client.post(
        f"/peilingen/{round_.pk}/opmerkingen/{remark.public_id}/verbergen/",
        {"next": "https://elders.example/"},
    )
    remark.refresh_from_db()
    assert remark.hidden
    assert PublishedRemark.objects.get(public_id=remark.public_id).hidden
    html = client.get(f"/peilingen/{round_.pk}/opmerkingen/").content.decode()
    assert "1 verborgen opmerking" in html
    client.post(f"/peilingen/{round_.pk}/opmerkingen/{remark.public_id}/tonen/")
    remark.refresh_from_db()
    assert not remark.hidden


def test_remarks_per_school_only_for_schools_big_enough(client, alice, round_):
    client.force_login(alice)
    update_round(
        round_=round_, title="T", threshold=5, roles=round_.roles, units=[], remarks_level="school"
    )
    add_responses(round_, 5, remark="Regenboog zegt")
    add_responses(round_, 2, unit="Het Kompas", remark="Kompas zegt")
    close_round(round_=round_)
    html = client.get(f"/peilingen/{round_.pk}/opmerkingen/").content.decode()
    assert "Regenboog zegt" in html and "Kompas zegt" not in html
    unit = school(round_.organisation).pk
    html = client.get(f"/peilingen/{round_.pk}/opmerkingen/?eenheid={unit}").content.decode()
    assert "Regenboog zegt" in html


def test_htmx_request_gets_only_the_results(client, alice, round_):
    client.force_login(alice)
    add_responses(round_, 5)
    html = client.get(
        f"/peilingen/{round_.pk}/resultaten/", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in html and '<div id="uitkomsten"' in html
    # Out of band: the tabs and the print header for the new group.
    assert html.startswith('<nav class="subnav" id="uitkomsten-tabs"')


def answer_as_participant(client, round_):
    client.post(f"/d/{round_.code}/begin/")
    factories.choose_role(client, round_, "ouder")
    for number in range(1, 7):
        client.post(f"/d/{round_.code}/thema/{number}/", {"now": "maatwerk", "wanted": "maatwerk"})
    client.post(f"/d/{round_.code}/versturen/")


def test_participant_sees_the_group_only_as_published(client, round_):
    add_responses(round_, 5)
    answer_as_participant(client, round_)
    html = client.get(f"/d/{round_.code}/profiel/").content.decode()
    assert "verschijnt hier zodra de uitkomsten zijn gepubliceerd" in html
    assert "profile-chart__group-now" not in html
    publish(round_=round_)
    html = client.get(f"/d/{round_.code}/profiel/").content.decode()
    assert "De grijze lijnen tonen de hele groep (6 antwoorden" in html
    assert "profile-chart__group-now" in html
    add_responses(round_, 1)  # one more person: the group line does not move
    html = client.get(f"/d/{round_.code}/profiel/").content.decode()
    assert "De grijze lijnen tonen de hele groep (6 antwoorden" in html


def test_demo_data_has_closed_rounds_with_hundreds_of_responses(db):
    from django.core.management import call_command

    from visiespiegel.rounds.models import Round

    call_command("setup", "--demo", stdout=None)
    closed = [r for r in Round.objects.all() if not r.is_open()]
    assert len(closed) == 2
    assert sorted(r.responses.count() for r in closed) == [180, 320]
    assert all(r.snapshots.get().final for r in closed)
    assert Round.objects.filter(closed_at__isnull=True).count() == 1
