"""`wording(audience)`: the one way pages and the live phones read the framework in a
participant's words, with the source text for everyone else."""

import pytest

from visiespiegel.frameworks import cache
from visiespiegel.frameworks.wording import wording

pytestmark = pytest.mark.django_db


def test_a_parent_reads_their_words_and_staff_the_source(framework, django_assert_num_queries):
    content = cache.content(framework)
    theme = content.themes[0]
    cell = content.cells[theme.key][0]
    model = content.models[2]
    parents, staff = wording("ouders"), wording(None)
    with django_assert_num_queries(0):
        assert parents.theme(theme) == "Extra hulp voor kinderen"
        assert staff.theme(theme) == "Visie op ondersteuning"
        assert parents.stance(cell) == (
            "Heeft mijn kind extra hulp nodig? Dan krijgt het die van een specialist."
        )
        assert parents.explanation(cell) == (
            "De hulp komt van iemand die daar speciaal voor is, vaak buiten de klas."
        )
        assert staff.stance(cell) == "Ik zorg voor leerlingen met extra ondersteuningsbehoeften."
        assert staff.explanation(cell) == ""
        assert parents.model(model) == staff.model(model) == "Sterke basis"
        risks = parents.risks(model)
        source = staff.risks(model)
    assert wording("partners").theme(theme) == "Visie op ondersteuning"  # plus a note
    assert wording("partners").theme_note(theme).startswith("Lees 'ik' als de school")
    assert wording("partners").stance(cell) == staff.stance(cell)

    assert risks.adapted and not source.adapted
    assert risks.headline == (
        "Leraren moeten steeds brandjes blussen, omdat de basis in de klas nog niet sterk genoeg "
        "is."
    )
    assert risks.source_headline == source.headline == model.risk_headline
    assert [(level.level, len(level.items)) for level in risks.levels] == [
        ("leerling", 1), ("leraar", 1), ("school", 2), ("regio", 2),
    ]  # fmt: skip
    assert risks.levels[2].items[0] == (
        "De school wil goed onderwijs voor alle kinderen samen. Ouders willen terecht het beste "
        "voor hun eigen kind. Die twee kunnen botsen."
    )
    assert risks.source_levels == source.levels
    assert source.levels[2].items[0].startswith("Ouders accepteren niet dat")


def test_the_note_says_what_was_adapted(framework):
    assert wording("leerlingen").note(framework).startswith("Eenvoudige taal voor leerlingen")
    assert wording(None).note(framework) == ""
