"""Wording per audience: parents and pupils read every stance in plain Dutch, partners get a
note per theme, and the source text stays the reference one tap away.

Readability is scored with the Flesch-Douma formula (textstat, Dutch): 206.84 - 0.77 x
syllables per 100 words - 0.93 x words per sentence. The bar for B1 ("makkelijk" on Douma's
scale): every stance with its explanation at least 65 and each audience on average at least
75. The source texts score about 38 on average (professional language)."""

import statistics

import pytest
import textstat

from tests import factories
from visiespiegel.frameworks.schema import READS_OWN_STANCES, FrameworkError, check_framework

textstat.set_lang("nl")
B1_CELL, B1_MEAN, PARTNER_NOTE = 65, 75, 55


def douma(text: str) -> float:
    return textstat.flesch_reading_ease(text)


@pytest.mark.parametrize("audience", READS_OWN_STANCES)
def test_every_stance_reads_at_b1(audience):
    spec = factories.shipped()
    scores = {}
    for cell in spec.cells:
        wording = cell.audiences[audience]
        assert wording.stance != cell.stance and wording.explanation
        scores[cell.theme, cell.model] = douma(f"{wording.stance} {wording.explanation}")
    too_hard = {where: round(score) for where, score in scores.items() if score < B1_CELL}
    assert not too_hard, too_hard
    assert statistics.mean(scores.values()) >= B1_MEAN
    # Far plainer than the source it adapts.
    source = statistics.mean(douma(f"{c.stance} {c.belief}") for c in spec.cells)
    assert statistics.mean(scores.values()) > source + 30


def test_partners_get_a_short_note_per_theme_and_everyone_a_plain_theme_name():
    for theme in factories.shipped().themes:
        assert douma(theme.audiences["partners"].note) >= PARTNER_NOTE
        for audience in READS_OWN_STANCES:
            assert theme.audiences[audience].label != theme.label


def test_the_adaptations_say_what_they_are():
    declared = {a.key: a for a in factories.shipped().audiences}
    assert set(declared) == {"ouders", "leerlingen", "partners"}
    assert all("kader" in a.note for a in declared.values())


def test_wording_for_an_undeclared_or_incomplete_audience_is_refused():
    data = factories.shipped().model_dump(mode="json")
    data["audiences"] = [a for a in data["audiences"] if a["key"] != "leerlingen"]
    data["cells"][1]["audiences"].pop("ouders")
    with pytest.raises(FrameworkError) as found:
        check_framework(data)
    problems = "\n".join(found.value.problems)
    assert "cells[0].audiences.leerlingen: audience 'leerlingen' is not declared" in problems
    assert "cells[1].audiences: no 'ouders' stance for model 'specialisme'" in problems
