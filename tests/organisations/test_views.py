import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import school

pytestmark = pytest.mark.django_db


def test_overview_redirects_to_the_only_organisation(client, alice, org):
    client.force_login(alice)
    response = client.get("/org/")
    assert response["Location"] == f"/org/{org.slug}/"


def test_add_and_edit_a_unit(client, alice, org):
    client.force_login(alice)
    board = org.units.get(name="Bestuur Noord")
    response = client.post(
        f"/org/{org.slug}/eenheden/",
        {"name": "De Bron", "kind": "school", "parent": board.pk, "brin": "17LM00"},
    )
    assert response.status_code == 302
    unit = org.units.get(name="De Bron")
    assert unit.parent == board
    bad = client.post(
        f"/org/{org.slug}/eenheden/{unit.pk}/",
        {"name": "De Bron", "kind": "school", "brin": "fout"},
    )
    assert bad.status_code == 200
    assert "Een BRIN-nummer is" in bad.content.decode()
    client.post(
        f"/org/{org.slug}/eenheden/{unit.pk}/",
        {"name": "De Bron", "kind": "school", "brin": "17lm01", "parent": ""},
    )
    unit.refresh_from_db()
    assert (unit.brin, unit.parent) == ("17LM01", None)


def test_units_with_children_are_not_deleted(client, alice, org):
    client.force_login(alice)
    board = org.units.get(name="Bestuur Noord")
    client.post(f"/org/{org.slug}/eenheden/{board.pk}/verwijderen/")
    assert org.units.filter(pk=board.pk).exists()
    leaf = school(org, "Het Kompas")
    client.post(f"/org/{org.slug}/eenheden/{leaf.pk}/verwijderen/")
    assert not org.units.filter(pk=leaf.pk).exists()


def test_csv_import_through_the_page(client, alice, org):
    client.force_login(alice)
    upload = SimpleUploadedFile(
        "scholen.csv", "name,type,parent,brin\nA,school,,\nB,school,A,XX\n".encode("cp1252")
    )
    response = client.post(f"/org/{org.slug}/eenheden/import/", {"file": upload})
    assert response.status_code == 422
    assert "regel 3" in response.content.decode()
    assert not org.units.filter(name="A").exists()
    upload = SimpleUploadedFile(
        "scholen.csv", "\ufeffname,type,parent,brin\nAé,school,,\n".encode("utf-8")
    )
    assert client.post(f"/org/{org.slug}/eenheden/import/", {"file": upload}).status_code == 302
    assert org.units.filter(name="Aé").exists()


def test_the_last_manager_stays(client, alice, org):
    client.force_login(alice)
    mine = org.memberships.get(user=alice)
    client.post(f"/org/{org.slug}/leden/{mine.pk}/rol/", {"role": "lezer"})
    client.post(f"/org/{org.slug}/leden/{mine.pk}/verwijderen/")
    mine.refresh_from_db()
    assert mine.role == "beheerder"
