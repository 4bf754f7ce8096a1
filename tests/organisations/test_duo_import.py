"""The unit tree from DUO's files (sample files in tests/organisations/duo/, shaped like
DUO's: a region of 3 boards and 40 locations in samenwerkingsverband PO 22-01, a year later,
and a broken file)."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from visiespiegel.organisations.duo import DuoFileError, read
from visiespiegel.organisations.duo_import import PlanChanged, apply_duo_import, plan_duo_import
from visiespiegel.organisations.models import Unit
from visiespiegel.organisations.services import add_unit, create_organisation

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).parent / "duo"
FIRST = ["vestigingen.csv", "bevoegde-gezagen.csv", "swv-vestigingen.csv"]
LATER = ["vestigingen-2.csv", "bevoegde-gezagen.csv", "swv-vestigingen-2.csv"]


def files(*names):
    return [(name, (SAMPLES / name).read_bytes()) for name in names]


@pytest.fixture
def region(db):
    return create_organisation(slug="swv-v", name="Samenwerkingsverband Voorbeeld")


def run(*args) -> dict:
    out = StringIO()
    call_command("unit", *args, stdout=out)
    return json.loads(out.getvalue())


def test_one_command_builds_the_region(region):
    paths = [str(SAMPLES / name) for name in FIRST]
    summary = run("import-duo", "swv-v", *paths, "--swv", "PO2201")
    assert summary == {
        "swv": "PO2201",
        "boards": 3,
        "locations": 40,
        "added": 43,
        "renamed": [],
        "updated": 0,
        "vanished": [],
        "unchanged": 0,
        "applied": True,
    }
    boards = region.units.filter(kind="bestuur").order_by("duo_board_number")
    assert [(b.duo_board_number, b.name, b.parent_id, b.children.count()) for b in boards] == [
        ("90001", "Stichting Openbaar Onderwijs Voorbeeldstad", None, 16),
        ("90002", "Vereniging Christelijk Onderwijs Testdorp", None, 14),
        ("90003", "Stichting Katholiek Onderwijs Oefenveen", None, 10),
    ]
    schools = region.units.filter(kind="school")
    assert schools.count() == 40
    # Windows-1252 read as such; the same name twice under one board told apart by place.
    assert schools.get(brin="92BB00").name == "Sint-Geneviève"
    assert [
        (u.brin, u.name) for u in schools.filter(name__startswith="De Regenboog").order_by("brin")
    ] == [
        ("91AA00", "De Regenboog (Voorbeeldstad)"),
        ("91AA15", "De Regenboog (Testdorp)"),
    ]
    assert schools.get(brin="93CC09").parent.duo_board_number == "90003"
    assert not schools.filter(brin="93CC10").exists()  # in the other samenwerkingsverband
    again = run("import-duo", "swv-v", *paths, "--swv", "po 22-01")
    assert (again["added"], again["unchanged"], again["renamed"]) == (0, 43, [])
    assert region.units.count() == 43


def test_the_other_samenwerkingsverband_and_choosing_one(region):
    register = read(files(*FIRST), swv="PO 22.02")
    assert (register.swv, sorted(register.boards), len(register.locations)) == (
        "PO2202",
        ["90003", "90004"],
        12,
    )
    with pytest.raises(DuoFileError) as caught:
        read(files(*FIRST))
    assert [str(p) for p in caught.value.problems] == [
        "kies één samenwerkingsverband: PO2201, PO2202"
    ]
    with pytest.raises(DuoFileError) as caught:
        read(files(*FIRST), swv="PO2299")
    assert [str(p) for p in caught.value.problems] == [
        "samenwerkingsverband PO2299 staat niet in de bestanden (wel: PO2201, PO2202)"
    ]


def test_reimporting_a_newer_file_reports_renamed_added_and_vanished(region):
    apply_duo_import(organisation=region, register=read(files(*FIRST), swv="PO2201"))
    plan = plan_duo_import(organisation=region, register=read(files(*LATER), swv="PO2201"))
    assert [(c.old_name, c.name, c.code) for c in plan.renamed] == [
        ("De Zonnewijzer", "De Zonnewijzer-Noord", "91AA03"),
        ("Het Octaaf", "Kindcentrum De Meander", "92BB05"),
    ]
    assert [(c.name, c.code, c.parent) for c in plan.added] == [
        ("Kindcentrum Noorderlicht", "91AA16", "Stichting Openbaar Onderwijs Voorbeeldstad"),
        ("De Wegwijzer", "91AA17", "Stichting Openbaar Onderwijs Voorbeeldstad"),
        ("De Vuurtoren", "93CC13", "Stichting Katholiek Onderwijs Oefenveen"),
    ]
    assert [(c.name, c.code, c.parent) for c in plan.vanished] == [
        ("Het Anker", "91AA07", "Stichting Openbaar Onderwijs Voorbeeldstad"),
        ("De Kameleon", "92BB10", "Vereniging Christelijk Onderwijs Testdorp"),
    ]
    assert (plan.updated, plan.unchanged) == ([], 39)
    apply_duo_import(organisation=region, register=plan.register, expected=plan.digest)
    assert region.units.count() == 46  # vanished units stay
    assert region.units.get(brin="91AA03").name == "De Zonnewijzer-Noord"
    assert region.units.get(brin="91AA07").name == "Het Anker"


def test_existing_units_are_found_by_name_and_never_moved(region):
    board = add_unit(
        organisation=region, name="Vereniging Christelijk Onderwijs Testdorp", kind="bestuur"
    )
    own = add_unit(organisation=region, name="Eigen groep", kind="cluster")
    bolster = add_unit(organisation=region, name="De Bolster", parent=own)
    plan = apply_duo_import(organisation=region, register=read(files(*FIRST), swv="PO2201"))
    assert [(c.name, c.code) for c in plan.updated] == [
        ("Vereniging Christelijk Onderwijs Testdorp", "90002"),
        ("De Bolster", "92BB01"),
    ]
    board.refresh_from_db()
    bolster.refresh_from_db()
    assert (board.duo_board_number, board.children.count()) == ("90002", 13)
    assert (bolster.brin, bolster.parent_id) == ("92BB01", own.pk)
    assert region.units.count() == 3 + 40 + 1


def test_a_broken_file_gives_located_problems_and_stores_nothing(region):
    with pytest.raises(DuoFileError) as caught:
        read(files("vestigingen-kapot.csv", "bevoegde-gezagen.csv"))
    assert [str(p) for p in caught.value.problems] == [
        "vestigingen-kapot.csv, regel 3, kolom VESTIGINGSNUMMER: ‘91A?01’ is geen "
        "vestigingsnummer (zoals 12AB00, of 00 naast het BRIN-nummer)",
        "vestigingen-kapot.csv, regel 4, kolom VESTIGINGSNAAM: de naam ontbreekt",
        "vestigingen-kapot.csv, regel 5: deze regel heeft 5 kolommen, de eerste regel 14",
        "vestigingen-kapot.csv, regel 6, kolom BEVOEGD GEZAG NUMMER: ‘negentig’ is geen "
        "nummer van een bevoegd gezag",
        "vestigingen-kapot.csv, regel 7, kolom VESTIGINGSNUMMER: vestiging 91AA00 staat ook "
        "in vestigingen-kapot.csv, regel 2",
    ]
    with pytest.raises(CommandError) as failed:
        run("import-duo", "swv-v", str(SAMPLES / "vestigingen-kapot.csv"))
    assert str(failed.value).startswith("nothing imported\nvestigingen-kapot.csv, regel 3,")
    assert Unit.objects.count() == 0


def test_files_that_are_not_enough_say_what_is_missing(region):
    with pytest.raises(DuoFileError) as caught:
        read(files("vestigingen.csv", "swv-vestigingen.csv"), swv="PO2201")
    assert [str(p) for p in caught.value.problems] == [
        f"vestigingen.csv, regel {line}, kolom BEVOEGD GEZAG NUMMER: bevoegd gezag {n} heeft "
        "geen naam: voeg het DUO-bestand met alle bevoegde gezagen toe"
        for line, n in [(2, 90001), (18, 90002), (32, 90003)]
    ]
    with pytest.raises(DuoFileError) as caught:
        read([("leeg.csv", b"naam;soort\nA;school\n")])
    assert str(caught.value.problems[0]).startswith("leeg.csv, regel 1: niet herkend als")


def test_the_new_style_columns_and_a_rio_code(region):
    text = (
        "BEVOEGD GEZAG NUMMER,BEVOEGD GEZAG NAAM,INSTELLINGSCODE,VESTIGINGSCODE,"
        "VESTIGINGSNAAM,PLAATSNAAM,ONDERWIJSLOCATIECODE\n"
        "41234,Stichting Nieuw,12AB,12AB01,De Nieuwe School,ERGENS,123A456\n"
    )
    plan = apply_duo_import(organisation=region, register=read([("nieuw.csv", text.encode())]))
    school = region.units.get(kind="school")
    assert (school.brin, school.rio_code, school.parent.name) == (
        "12AB01",
        "123A456",
        "Stichting Nieuw",
    )
    assert len(plan.added) == 2


def test_a_plan_that_changed_since_the_preview_is_not_applied(region):
    register = read(files(*FIRST), swv="PO2201")
    preview = plan_duo_import(organisation=region, register=register)
    add_unit(organisation=region, name="Het Kompas", kind="school")
    with pytest.raises(PlanChanged):
        apply_duo_import(organisation=region, register=register, expected=preview.digest)
    assert region.units.count() == 1
