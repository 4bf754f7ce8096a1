from visiespiegel.insights.presentation import bar
from visiespiegel.insights.signals import Texts, Thresholds, dialogue_guide, signals

MODELS = ["a", "b", "c", "d"]
TEXTS = Texts(
    themes={"t1": "Thema 1", "t2": "Thema 2"},
    models={m: m.upper() for m in MODELS},
    positions={m: i + 1 for i, m in enumerate(MODELS)},
    headlines={m: f"Risico {m}" for m in MODELS},
    stances={(m, t): f"Ik {m} {t}." for m in MODELS for t in ("t1", "t2")},
)


def theme(key, now, wanted, now_mean, wanted_mean, consensus):
    return {
        "theme": key,
        "now": {
            "counts": dict(zip(MODELS, now, strict=True)),
            "mean": now_mean,
            "consensus": consensus,
        },
        "wanted": {
            "counts": dict(zip(MODELS, wanted, strict=True)),
            "mean": wanted_mean,
            "consensus": 0.9,
        },
        "shift": wanted_mean - now_mean,
        "transitions": {},
    }


FIGURES = {
    "n": 10,
    "suppressed": False,
    "profile": {"now": 1.5, "wanted": 2.5},
    "themes": [
        theme("t1", [5, 5, 0, 0], [0, 0, 5, 5], 1.5, 3.5, 0.737),
        theme("t2", [0, 0, 0, 10], [0, 0, 0, 10], 4.0, 4.0, 1.0),
    ],
}


def test_signals_say_what_needs_attention_largest_first():
    found = signals(FIGURES, TEXTS, Thresholds(low_consensus=0.8))
    kinds = [(s.kind, s.theme, s.model) for s in found]
    assert kinds[0] == ("risk", None, "d")  # 10 of 20 now answers: 50%
    assert ("risk", None, "a") in kinds and ("risk", None, "b") in kinds  # 25% each
    assert ("split", "t1", None) in kinds
    assert ("shift", "t1", "c") in kinds
    assert ("incoherent", None, None) in kinds
    assert next(s for s in found if s.kind == "risk").values == {"share": 0.5, "percent": 50}


def test_role_difference_needs_two_shown_roles():
    teachers = {
        **FIGURES,
        "themes": [
            theme("t1", [10, 0, 0, 0], [0, 10, 0, 0], 1.0, 2.0, 1),
            theme("t2", [0, 0, 0, 10], [0, 0, 0, 10], 4.0, 4.0, 1),
        ],
    }
    parents = {
        **FIGURES,
        "themes": [
            theme("t1", [0, 0, 10, 0], [0, 0, 10, 0], 3.0, 3.0, 1),
            theme("t2", [0, 0, 0, 10], [0, 0, 0, 10], 4.0, 4.0, 1),
        ],
    }
    found = signals(
        FIGURES,
        TEXTS,
        Thresholds(),
        {"leraar": teachers, "ouder": parents, "anders": {"suppressed": True}},
    )
    roles = [s for s in found if s.kind == "roles"]
    assert [(s.theme, s.values) for s in roles] == [
        ("t1", {"low": ("leraar", 1.0), "high": ("ouder", 3.0)})
    ]
    assert not [
        s for s in signals(FIGURES, TEXTS, Thresholds(), {"leraar": teachers}) if s.kind == "roles"
    ]


def test_suppressed_groups_give_no_signals_and_no_guide():
    assert signals({"n": None, "suppressed": True}, TEXTS, Thresholds()) == []
    assert dialogue_guide({"n": None, "suppressed": True}, TEXTS) == []


def test_guide_orders_themes_and_uses_the_framework_texts():
    guide = dialogue_guide(FIGURES, TEXTS)
    assert [item.theme for item in guide] == ["t1", "t2"]
    first = dict(guide[0].questions)
    assert first["split"] == {"first": "Ik a t1.", "second": "Ik b t1."}
    assert first["gap"] == {"now": "Ik a t1.", "wanted": "Ik c t1."}
    assert [key for key, _ in guide[1].questions] == ["keep", "risk"]
    assert 2 <= len(guide[0].questions) <= 3


def test_bars_draw_each_count_with_its_share():
    drawn = bar(
        "now", {"counts": {"a": 1, "b": 3}, "mean": 1.75, "consensus": 0.8}, {"a": 1, "b": 2}
    )
    assert [(s.x, s.width, s.percent) for s in drawn.segments] == [(0, 25, 25), (25, 75, 75)]
