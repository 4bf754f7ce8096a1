import pytest
from django.core.exceptions import ValidationError

from visiespiegel.organisations.models import Unit
from visiespiegel.organisations.services import UnitImportError, add_unit, import_units

pytestmark = pytest.mark.django_db

GOOD = """name,type,parent,brin
Stichting West,bestuur,,
De Linde,school,Stichting West,21XY00
De Linde Oost,locatie,De Linde,21xy01
Het Anker,school,Bestuur Noord,
"""


def test_import_creates_a_tree_using_names_of_new_and_existing_units(org):
    created = import_units(organisation=org, text=GOOD)
    assert [u.name for u in created] == ["Stichting West", "De Linde", "De Linde Oost", "Het Anker"]
    oost = Unit.objects.get(name="De Linde Oost")
    assert (oost.parent.name, oost.parent.parent.name, oost.brin, oost.kind) == (
        "De Linde",
        "Stichting West",
        "21XY01",
        "locatie",
    )
    assert Unit.objects.get(name="Het Anker").parent.name == "Bestuur Noord"


def test_import_reports_every_bad_line_and_imports_nothing(org):
    bad = """name,type,parent,brin
Stichting West,bestuur,,
,school,Stichting West,
De Linde,school,Onbekend,
De Linde,school,Stichting West,ABC
Stichting West,bestuur,,
Goed,school,Stichting West,
"""
    with pytest.raises(UnitImportError) as caught:
        import_units(organisation=org, text=bad)
    messages = [str(e) for e in caught.value.errors]
    assert messages[0] == "regel 3: naam: Dit veld kan niet leeg zijn"
    assert messages[1] == "regel 4: bovenliggende eenheid ‘Onbekend’ bestaat niet"
    assert messages[2].startswith("regel 5: BRIN/vestigingsnummer: Een BRIN-nummer is")
    assert messages[3] == "regel 6: ‘Stichting West’ bestaat al op deze plek"
    assert len(messages) == 4
    assert org.units.count() == 3


def test_import_needs_the_header_and_ids_work_as_parent(org):
    with pytest.raises(UnitImportError) as caught:
        import_units(organisation=org, text="De Linde,school,,\n")
    assert str(caught.value.errors[0]).startswith("regel 1: de eerste regel moet")
    board = org.units.get(name="Bestuur Noord")
    (unit,) = import_units(organisation=org, text=f"name,parent\nNieuw,{board.pk}\n")
    assert unit.parent == board


def test_add_unit_validates_brin_parent_and_cycles(org, other_org):
    with pytest.raises(ValidationError) as caught:
        add_unit(organisation=org, name="X", brin="1234")
    assert "brin" in caught.value.message_dict
    with pytest.raises(ValidationError):
        add_unit(organisation=org, name="X", parent=other_org.units.first())
    assert add_unit(organisation=org, name="Y", brin="12ab").brin == "12AB"


def test_import_takes_dutch_headers_and_semicolons(org):
    text = (
        "\ufeffNaam;Soort;Bovenliggend;BRIN\n"
        "Nieuw Bestuur;bestuur;;\nDe Linde;school;Nieuw Bestuur;17LM00\n"
    )
    made = import_units(organisation=org, text=text)
    assert [(u.name, u.kind, u.parent.name if u.parent else None) for u in made] == [
        ("Nieuw Bestuur", "bestuur", None),
        ("De Linde", "school", "Nieuw Bestuur"),
    ]


def test_a_wrong_header_names_the_separator(org):
    with pytest.raises(UnitImportError, match="puntkomma's"):
        import_units(organisation=org, text="school;type;ouder\nA;b;c\n")
    with pytest.raises(UnitImportError, match="komma's"):
        import_units(organisation=org, text="school,type\nA,b\n")


def test_ten_thousand_lines_go_in_with_a_few_statements(org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    lines = ["naam;soort;bovenliggend;brin"] + [f"Bestuur {b};bestuur;;" for b in range(50)]
    lines += [f"School {s};school;Bestuur {s % 50};" for s in range(9950)]
    with CaptureQueriesContext(connection) as queries:
        made = import_units(organisation=org, text="\n".join(lines))
    assert len(made) == 10000 and org.units.count() == 10003
    inserts = [q for q in queries if q["sql"].startswith("INSERT")]
    # Bulk inserts per level: SQLite binds at most 999 values per statement, so with a unit's
    # 7 columns it takes 142 rows at a time.
    assert len(inserts) <= 75


def test_a_deep_chain_is_checked_in_linear_time(org):
    from visiespiegel.organisations.services import update_unit

    top = add_unit(organisation=org, name="Top")
    parent = top
    for depth in range(1000):
        parent = Unit.objects.create(organisation=org, name=f"N{depth}", parent=parent)
    with pytest.raises(ValidationError, match="onder zichzelf"):
        update_unit(unit=top, name="Top", kind="bestuur", parent=parent, brin="")


def test_the_units_page_searches_and_pages(client, alice, org):
    import_units(
        organisation=org,
        text="naam;soort;bovenliggend;brin\n" + "\n".join(f"S{i:04};school;;" for i in range(250)),
    )
    client.force_login(alice)
    first = client.get(f"/org/{org.slug}/eenheden/").content.decode()
    assert "Pagina 1 van 3" in first and "S0000</th>" in first and "S0150</th>" not in first
    found = client.get(f"/org/{org.slug}/eenheden/", {"zoek": "s012"}).content.decode()
    assert "10 eenheden gevonden" in found and "S0120</th>" in found
    assert "S0200</th>" not in found
    template = client.get(f"/org/{org.slug}/eenheden/voorbeeld.csv")
    assert template.content.decode("utf-8-sig").startswith("naam;soort;bovenliggend;brin")
