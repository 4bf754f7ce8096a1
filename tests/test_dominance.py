"""One tie rule for "the" model of a group (frameworks/dominance.py)."""

from visiespiegel.frameworks.dominance import dominant_models


def test_the_most_chosen_model():
    assert dominant_models({"a": 1, "b": 4, "c": 2}) == ["b"]


def test_a_tie_gives_every_tied_model_in_framework_order():
    assert dominant_models({"c": 3, "a": 1, "b": 3}) == ["c", "b"]
    assert dominant_models({"a": 2, "b": 2, "c": 2, "d": 2}) == ["a", "b", "c", "d"]


def test_nobody_answered_gives_none():
    assert dominant_models({"a": 0, "b": 0}) == []
    assert dominant_models({}) == []


def test_the_vision_text_names_every_tied_model():
    from django.utils import translation

    from visiespiegel.dialogue.vision import _standing

    labels = {"a": "Specialisme", "b": "Maatwerk", "c": "Sterke basis"}
    positions = {"a": 1, "b": 2, "c": 3}
    with translation.override("nl"):
        tied = _standing({"counts": {"a": 2, "b": 2, "c": 1}, "mean": 1.8}, labels, positions)
        one = _standing({"counts": {"a": 1, "b": 3, "c": 1}, "mean": 2.0}, labels, positions)
    assert tied == (
        "De groep plaatst de praktijk nu gemiddeld op 1,8 (1 tot 3); "
        "even vaak gekozen: ‘Specialisme’ en ‘Maatwerk’."
    )
    assert one == (
        "De groep plaatst de praktijk nu gemiddeld op 2,0 (1 tot 3); 60% kiest nu ‘Maatwerk’."
    )
