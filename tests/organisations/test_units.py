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
