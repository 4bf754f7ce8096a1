"""The shipped framework file says exactly what the source placemat says, cell by cell."""

import pytest

from tests.frameworks.seed import SOURCE, join_lines, read_seed

SEED_CELLS, SEED_RISKS, SEED_RISKS_INTRO = read_seed()


def test_the_reading_of_the_seed_is_itself_right():
    # A few facts checked by eye against the PDF text, so the reader cannot drift unnoticed.
    assert len(SEED_CELLS) == 24
    assert len(SEED_RISKS) == 4
    assert SEED_CELLS[0]["stance"] == "Ik zorg voor leerlingen met extra ondersteuningsbehoeften."
    assert SEED_CELLS[2]["stance"] == (
        "Ik volg de ondersteuningsstructuur: ieder doet waar die voor opgeleid is."
    )
    assert SEED_CELLS[8]["belief"].startswith(
        "Door differentiatie en een sterk preventief aanbod op sociaal-emotionele"
    )
    assert SEED_CELLS[16]["school"] == (
        "Zet het geld en/of de expertise van het swv planmatig in voor schoolontwikkeling."
    )
    assert SEED_CELLS[23]["school"] == (
        "Vertaalt het ideaal naar dagelijks onderwijskundig handelen en zorgt voor een "
        "actiegerichte, lerende cultuur."
    )
    assert [len(r["items"]) for r in SEED_RISKS] == [6, 6, 6, 7]
    assert SEED_RISKS[0]["items"][4]["text"].endswith(
        "De bureaucratie in de regio neemt toe in een poging om het aantal verwijzingen te "
        "beheersen."
    )
    assert "onderwijsbelemmering(en)" in SEED_CELLS[0]["belief"]
    assert SOURCE.read_text(encoding="utf-8").count("Overtuiging:") == 24


def test_join_lines_keeps_only_the_hyphens_that_belong_to_the_word():
    assert join_lines(["ondersteunings-", "behoeften"]) == "ondersteuningsbehoeften"
    assert join_lines(["sociaal-", "emotionele"]) == "sociaal-emotionele"
    assert join_lines(["pedagogisch-", "didactische"]) == "pedagogisch-didactische"
    assert join_lines(["vind- en  ", "werkplaats"]) == "vind- en werkplaats"


@pytest.mark.parametrize("index", range(24))
def test_every_cell_is_in_the_shipped_file_word_for_word(shipped_spec, index):
    model = shipped_spec.models[index // 6].key
    theme = shipped_spec.themes[index % 6].key
    cell = next(c for c in shipped_spec.cells if (c.model, c.theme) == (model, theme))
    seed = SEED_CELLS[index]
    assert cell.stance == seed["stance"]
    assert cell.belief == seed["belief"]
    assert cell.teacher == seed["teacher"]
    assert cell.school == seed["school"]


@pytest.mark.parametrize("index", range(4))
def test_every_risk_headline_and_bullet_is_in_the_shipped_file(shipped_spec, index):
    risk = next(r for r in shipped_spec.risks if r.model == shipped_spec.models[index].key)
    seed = SEED_RISKS[index]
    assert risk.headline == seed["headline"]
    assert [(i.level, i.text) for i in risk.items] == [
        (i["level"], i["text"]) for i in seed["items"]
    ]


def test_order_titles_and_labels(shipped_spec):
    assert [t.label for t in shipped_spec.themes] == [
        "Visie op ondersteuning",
        "Visie op kinderen en hun ouders",
        "Visie op onderwijsprofessionals",
        "Samenspel tussen onderwijs, ondersteuning en zorg",
        "De rol van het samenwerkingsverband (swv)",
        "Kwaliteit, verantwoording en dialoog",
    ]
    assert [(m.key, m.working_title) for m in shipped_spec.models] == [
        ("specialisme", False),
        ("maatwerk", True),
        ("sterke-basis", True),
        ("gemeenschap", True),
    ]
    assert shipped_spec.risks_intro == SEED_RISKS_INTRO
