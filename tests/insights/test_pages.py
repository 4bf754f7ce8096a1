import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import add_responses, school
from visiespiegel.rounds.models import Remark

pytestmark = pytest.mark.django_db


def pages(round_):
    return [
        f"/peilingen/{round_.pk}/{page}/"
        for page in ("resultaten", "vergelijken", "signalen", "opmerkingen")
    ] + [f"/peilingen/{round_.pk}/vergelijken/?per=eenheid"]


def test_every_results_page_owner_outsider_anonymous_reader(client, alice, bob, rita, round_):
    add_responses(round_, 5, remark="Goed")
    remark = Remark.objects.first()
    hide = f"/peilingen/{round_.pk}/opmerkingen/{remark.pk}/verbergen/"
    for user, status in ((alice, 200), (rita, 200), (bob, 404)):
        client.force_login(user)
        for url in pages(round_):
            assert client.get(url).status_code == status, (user, url)
    client.force_login(bob)
    assert client.post(hide).status_code == 404
    client.force_login(rita)
    assert client.post(hide).status_code == 403
    client.logout()
    for url in pages(round_):
        assert client.get(url).status_code == 302
    assert client.post(hide).status_code == 302
    remark.refresh_from_db()
    assert remark.hidden is False


def test_overview_shows_figures_with_a_fixed_number_of_queries(client, alice, round_):
    client.force_login(alice)
    add_responses(round_, 5)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/peilingen/{round_.pk}/resultaten/")
        assert response.status_code == 200
        return len(queries), response.content.decode()

    few, html = count()
    assert "5 antwoorden" in html
    assert "Van nu (rijen) naar gewenst (kolommen)" in html
    add_responses(round_, 30)
    add_responses(round_, 12, unit="Het Kompas", role="ouder")
    many, html = count()
    assert many == few
    assert "47 antwoorden" in html


def test_pages_show_nothing_for_a_suppressed_group(client, alice, round_):
    client.force_login(alice)
    add_responses(round_, 6)
    add_responses(round_, 2, role="ouder", remark="Alleen wij twee")
    for page in ("resultaten", "signalen", "opmerkingen"):
        html = client.get(f"/peilingen/{round_.pk}/{page}/?rol=ouder").content.decode()
        assert "Minder dan 5 antwoorden: geen uitkomsten." in html
        assert "Alleen wij twee" not in html
        assert "Gemiddeld nu" not in html
    # 8 - 6 = 2: the teachers are hidden too, or the parents could be worked out.
    html = client.get(f"/peilingen/{round_.pk}/resultaten/?rol=leraar").content.decode()
    assert "Minder dan 5 antwoorden" in html
    compare = client.get(f"/peilingen/{round_.pk}/vergelijken/").content.decode()
    assert "n = 6" not in compare and "n = 2" not in compare


def test_filter_outside_the_round_is_404(client, alice, round_, other_org):
    client.force_login(alice)
    url = f"/peilingen/{round_.pk}/resultaten/"
    assert client.get(f"{url}?eenheid={other_org.units.first().pk}").status_code == 404
    assert client.get(f"{url}?rol=directeur").status_code == 404


def test_remarks_without_role_or_unit_and_hiding(client, alice, round_):
    client.force_login(alice)
    add_responses(round_, 5, remark="Meer tijd voor overleg")
    html = client.get(f"/peilingen/{round_.pk}/opmerkingen/").content.decode()
    assert html.count("Meer tijd voor overleg") == 30  # 5 responses x 6 themes
    assert "De Regenboog</blockquote>" not in html
    remark = Remark.objects.first()
    client.post(
        f"/peilingen/{round_.pk}/opmerkingen/{remark.pk}/verbergen/",
        {"next": "https://elders.example/"},
    )
    remark.refresh_from_db()
    assert remark.hidden
    html = client.get(f"/peilingen/{round_.pk}/opmerkingen/").content.decode()
    assert "1 verborgen opmerking" in html
    client.post(f"/peilingen/{round_.pk}/opmerkingen/{remark.pk}/tonen/")
    remark.refresh_from_db()
    assert not remark.hidden


def test_htmx_request_gets_only_the_results(client, alice, round_):
    client.force_login(alice)
    add_responses(round_, 5)
    html = client.get(
        f"/peilingen/{round_.pk}/resultaten/", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert html.startswith('<div id="uitkomsten"')


def test_participant_sees_the_group_only_from_k(client, round_):
    add_responses(round_, 3)
    client.post(f"/d/{round_.code}/begin/")
    client.post(f"/d/{round_.code}/rol/", {"role": "ouder", "unit": school(round_.organisation).pk})
    for number in range(1, 7):
        client.post(f"/d/{round_.code}/thema/{number}/", {"now": "maatwerk", "wanted": "maatwerk"})
    client.post(f"/d/{round_.code}/versturen/")
    html = client.get(f"/d/{round_.code}/profiel/").content.decode()
    assert "Zodra de groep minstens 5 antwoorden telt" in html
    assert "profile-chart__group-now" not in html
    add_responses(round_, 1)
    html = client.get(f"/d/{round_.code}/profiel/").content.decode()
    assert "De grijze lijnen tonen de hele groep (5 antwoorden)" in html
    assert "profile-chart__group-now" in html


def test_demo_data_has_closed_rounds_with_hundreds_of_responses(db):
    from django.core.management import call_command

    from visiespiegel.rounds.models import Round

    call_command("setup", "--demo", stdout=None)
    closed = [r for r in Round.objects.all() if not r.is_open()]
    assert len(closed) == 2
    assert sorted(r.responses.count() for r in closed) == [180, 320]
    assert Round.objects.filter(closed_at__isnull=True).count() == 1
