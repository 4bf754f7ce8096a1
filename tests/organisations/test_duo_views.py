"""The units page's DUO import: upload, preview, confirm; alice manages org A, rita reads
it, bob belongs to org B."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "duo"


def uploads(*names):
    return [SimpleUploadedFile(name, (SAMPLES / name).read_bytes()) for name in names]


def upload(client, org, *names, swv="PO 22-01"):
    return client.post(f"/org/{org.slug}/eenheden/duo/", {"files": uploads(*names), "swv": swv})


def test_upload_preview_and_confirm(client, alice, org):
    client.force_login(alice)
    response = upload(client, org, "vestigingen.csv", "bevoegde-gezagen.csv", "swv-vestigingen.csv")
    assert response["Location"] == f"/org/{org.slug}/eenheden/duo/controle/"
    assert org.units.count() == 3  # nothing stored before the confirmation
    page = client.get(response["Location"]).content.decode()
    assert "Samenwerkingsverband PO2201: 3 besturen en 40 vestigingen in de bestanden." in page
    assert "43 nieuwe eenheden" in page
    # The factory's two schools carry BRIN numbers that are not in DUO's files.
    assert "2 eenheden staan niet (meer) in de bestanden" in page
    digest = re.search(r'name="plan" value="([0-9a-f]{64})"', page).group(1)
    done = client.post(f"/org/{org.slug}/eenheden/duo/importeren/", {"plan": digest})
    assert done["Location"] == f"/org/{org.slug}/eenheden/"
    assert org.units.count() == 3 + 43
    assert org.units.get(brin="91AA03").parent.duo_board_number == "90001"
    # The plan is gone from the session: confirming again imports nothing more.
    again = client.post(f"/org/{org.slug}/eenheden/duo/importeren/", {"plan": digest})
    assert again["Location"] == f"/org/{org.slug}/eenheden/duo/"
    assert org.units.count() == 46


def test_a_stale_preview_is_not_applied(client, alice, org):
    client.force_login(alice)
    upload(client, org, "vestigingen.csv", "bevoegde-gezagen.csv", "swv-vestigingen.csv")
    response = client.post(f"/org/{org.slug}/eenheden/duo/importeren/", {"plan": "0" * 64})
    assert response["Location"] == f"/org/{org.slug}/eenheden/duo/controle/"
    assert org.units.count() == 3


def test_a_broken_file_shows_every_problem_in_place(client, alice, org):
    client.force_login(alice)
    response = upload(client, org, "vestigingen-kapot.csv", "bevoegde-gezagen.csv", swv="")
    assert response.status_code == 422
    page = response.content.decode()
    assert "In de bestanden staan 5 problemen:" in page
    assert (
        "<tr><td>vestigingen-kapot.csv<br>regel 6<br>kolom BEVOEGD GEZAG NUMMER</td>"
        "<td>‘negentig’ is geen nummer van een bevoegd gezag</td></tr>"
    ) in page
    assert org.units.count() == 3


def test_no_file_is_an_error_at_the_field(client, alice, org):
    client.force_login(alice)
    response = client.post(f"/org/{org.slug}/eenheden/duo/", {"swv": ""})
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.content.decode()


@pytest.mark.parametrize("path", ["", "controle/"])
def test_only_writers_of_the_organisation_get_in(client, rita, bob, org, path):
    url = f"/org/{org.slug}/eenheden/duo/{path}"
    assert client.get(url)["Location"].startswith("/inloggen/")
    client.force_login(bob)
    assert client.get(url).status_code == 404
    client.force_login(rita)
    assert client.get(url).status_code == 403


def test_the_preview_without_an_upload_leads_to_the_upload(client, alice, org):
    client.force_login(alice)
    response = client.get(f"/org/{org.slug}/eenheden/duo/controle/")
    assert response["Location"] == f"/org/{org.slug}/eenheden/duo/"
