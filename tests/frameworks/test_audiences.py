"""Wording per audience: parents and pupils read every stance in plain Dutch, partners get a
note per theme, all three read each model's risks in plain Dutch, and the source text stays the
reference one tap away.

Readability is scored with the Flesch-Douma formula (textstat, Dutch): 206.84 - 0.77 x
syllables per 100 words - 0.93 x words per sentence. The bar for B1 ("makkelijk" on Douma's
scale): every stance with its explanation at least 65 and each audience on average at least
75. The source texts score about 38 on average (professional language), their risks about 40.
Names (a theme's plainer label, two to six words) are too short for a formula: they are held to
at most six words of at most four syllables."""

import statistics

import pytest
import textstat

from tests import factories
from visiespiegel.frameworks.schema import (
    AUDIENCES,
    READS_OWN_STANCES,
    FrameworkError,
    check_framework,
)

textstat.set_lang("nl")
B1_CELL, B1_MEAN, PARTNER_NOTE = 65, 75, 55
NAME_WORDS, NAME_SYLLABLES = 6, 4


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


@pytest.mark.parametrize("audience", AUDIENCES)
def test_every_risk_reads_at_b1_in_the_order_of_the_source(audience):
    spec = factories.shipped()
    scores = {}
    for risk in spec.risks:
        wording = risk.audiences[audience]
        assert len(wording.items) == len(risk.items)
        texts = {"headline": (wording.headline, risk.headline)} | {
            f"{i}:{item.level}": (own, item.text)
            for i, (own, item) in enumerate(zip(wording.items, risk.items, strict=True))
        }
        for where, (own, source) in texts.items():
            assert own != source
            scores[risk.model, where] = douma(own)
    too_hard = {where: round(score) for where, score in scores.items() if score < B1_CELL}
    assert not too_hard, too_hard
    assert statistics.mean(scores.values()) >= B1_MEAN
    source = statistics.mean(
        douma(text) for r in spec.risks for text in [r.headline, *(i.text for i in r.items)]
    )
    assert statistics.mean(scores.values()) > source + 35


def _audience_strings(value, field: str = "") -> list[tuple[str, str]]:
    """Every (field, text) under any `audiences` key of the file, found by walking it, so that
    wording added to the schema later is scored too."""
    if isinstance(value, str):
        return [(field, value)]
    if isinstance(value, list):
        return [found for item in value for found in _audience_strings(item, field)]
    if isinstance(value, dict):
        return [found for k, v in value.items() for found in _audience_strings(v, k)]
    return []


def test_every_audience_string_is_readable():
    data = factories.shipped().model_dump(mode="json", exclude_none=True)
    found = [
        found
        for item in [*data["themes"], *data["cells"], *data["risks"]]
        for found in _audience_strings(item["audiences"])
    ]
    # The notes that say what was adapted are read beside the adaptations too (the audiences'
    # own labels name them for coordinators).
    found += [("note", a["note"]) for a in data["audiences"]]
    # 6 themes x 3 audiences (a label or a note), 24 cells x 2 x 2, 4 risk blocks x 3 x
    # (headline + 6, 6, 6 or 7 items), three notes.
    assert len(found) == 18 + 96 + 87 + 3
    names = [text for field, text in found if field == "label"]
    assert len(names) == 12
    for name in names:
        words = name.replace(",", " ").split()
        assert len(words) <= NAME_WORDS, name
        assert max(textstat.syllable_count(w) for w in words) <= NAME_SYLLABLES, name
    too_hard = {
        text: round(douma(text))
        for field, text in found
        if field != "label" and douma(text) < PARTNER_NOTE
    }
    assert not too_hard, too_hard


def test_parents_read_no_accusation_where_the_source_speaks_about_them():
    risk = next(r for r in factories.shipped().risks if r.model == "sterke-basis")
    index = next(
        i for i, item in enumerate(risk.items) if item.text.startswith("Ouders accepteren")
    )
    assert risk.audiences["ouders"].items[index] == (
        "De school wil goed onderwijs voor alle kinderen samen. Ouders willen terecht het beste "
        "voor hun eigen kind. Die twee kunnen botsen."
    )
    parents = [t for r in factories.shipped().risks for t in r.audiences["ouders"].items]
    assert not [t for t in parents if "accepteren" in t or "niet dat" in t]


def test_incomplete_risk_wording_is_refused():
    data = factories.shipped().model_dump(mode="json")
    data["risks"][0]["audiences"]["ouders"]["items"].pop()
    data["risks"][2]["audiences"].pop("partners")
    with pytest.raises(FrameworkError) as found:
        check_framework(data)
    assert found.value.problems == [
        "risks[0].audiences.ouders.items: 5 items, but the source has 6",
        "risks[2].audiences: no 'partners' wording for model 'sterke-basis'",
    ]
