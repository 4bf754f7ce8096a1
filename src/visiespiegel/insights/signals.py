"""Signals and the dialogue guide: what in a group's results asks for attention (no Django).

Inputs are the results dict (see selectors.results), the framework's texts and, for role
differences, the shown results per role. Thresholds come from settings and are passed in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from visiespiegel.frameworks.dominance import dominant_models
from visiespiegel.insights.stats import percentages


@dataclass(frozen=True)
class Thresholds:
    risk_share: float = 0.25
    low_consensus: float = 0.5
    large_shift: float = 1.0
    role_difference: float = 1.0
    incoherent_range: float = 1.5


@dataclass(frozen=True)
class Texts:
    """The framework texts a signal refers to, by key."""

    themes: dict[str, str]  # key -> label
    models: dict[str, str]  # key -> label
    positions: dict[str, int]  # model key -> position
    headlines: dict[str, str]  # model key -> risk headline
    stances: dict[tuple[str, str], str]  # (model, theme) -> stance

    @property
    def first_model(self) -> str:
        """The label at the start of the scale (position 1)."""
        return next(iter(self.models.values()))

    @property
    def last_model(self) -> str:
        """The label at the end of the scale."""
        return list(self.models.values())[-1]


@dataclass(frozen=True)
class Signal:
    kind: str  # risk | split | shift | roles | incoherent
    theme: str | None
    model: str | None
    weight: float
    values: dict = field(default_factory=dict)


def _dominant(counts: dict[str, int]) -> str:
    """The one model a sentence names: the first of the dominant ones (a shown group has
    answers, so there is one)."""
    return dominant_models(counts)[0]


def now_totals(figures: dict) -> dict[str, int]:
    """Per model, the "now" answers over all themes of a shown group."""
    totals: dict[str, int] = {}
    for theme in figures["themes"]:
        for model, n in theme["now"]["counts"].items():
            totals[model] = totals.get(model, 0) + n
    return totals


def signals(
    figures: dict, texts: Texts, limits: Thresholds, by_role: dict[str, dict] | None = None
) -> list[Signal]:
    if figures.get("suppressed"):
        return []
    found: list[Signal] = []
    themes = figures["themes"]

    totals = dict.fromkeys(texts.models, 0)
    for model, n in now_totals(figures).items():
        totals[model] += n
    all_now = sum(totals.values())
    shown = percentages(totals)
    for model, n in sorted(totals.items(), key=lambda item: -item[1]):
        share = n / all_now if all_now else 0
        if share >= limits.risk_share:
            values = {"share": share, "percent": shown[model]}
            found.append(Signal("risk", None, model, 3 + share, values))

    for theme in themes:
        key = theme["theme"]
        consensus = theme["now"]["consensus"]
        if consensus < limits.low_consensus:
            found.append(Signal("split", key, None, 2 + (1 - consensus), {"consensus": consensus}))
        if abs(theme["shift"]) >= limits.large_shift:
            found.append(
                Signal(
                    "shift",
                    key,
                    _dominant(theme["wanted"]["counts"]),
                    2 + abs(theme["shift"]) / 3,
                    {
                        "now": theme["now"]["mean"],
                        "wanted": theme["wanted"]["mean"],
                        "shift": theme["shift"],
                    },
                )
            )

    for key, spread in role_spreads(by_role or {}).items():
        low, high = spread
        if high[1] - low[1] >= limits.role_difference:
            found.append(
                Signal("roles", key, None, 2 + (high[1] - low[1]) / 3, {"low": low, "high": high})
            )

    means = [(t["theme"], t["now"]["mean"]) for t in themes]
    lowest, highest = min(means, key=lambda m: m[1]), max(means, key=lambda m: m[1])
    if highest[1] - lowest[1] >= limits.incoherent_range:
        found.append(
            Signal(
                "incoherent",
                None,
                None,
                1 + (highest[1] - lowest[1]) / 3,
                {"low": lowest, "high": highest},
            )
        )
    return sorted(found, key=lambda s: -s.weight)


def role_spreads(by_role: dict[str, dict]) -> dict[str, tuple[tuple[str, float], ...]]:
    """Per theme, the role with the lowest and the highest mean "now" position (shown roles)."""
    spreads: dict[str, tuple] = {}
    shown = {role: f for role, f in by_role.items() if not f.get("suppressed")}
    if len(shown) < 2:
        return spreads
    theme_keys = [t["theme"] for t in next(iter(shown.values()))["themes"]]
    for index, key in enumerate(theme_keys):
        means = [(role, f["themes"][index]["now"]["mean"]) for role, f in shown.items()]
        spreads[key] = (min(means, key=lambda m: m[1]), max(means, key=lambda m: m[1]))
    return spreads


@dataclass(frozen=True)
class GuideItem:
    theme: str
    score: float
    questions: list[tuple[str, dict]]  # (template key, values for the template)


def dialogue_guide(
    figures: dict, texts: Texts, by_role: dict[str, dict] | None = None
) -> list[GuideItem]:
    """Themes ordered by how much there is to talk about: split, gap and role difference,
    each with two or three questions built from the framework's own texts."""
    if figures.get("suppressed"):
        return []
    spreads = role_spreads(by_role or {})
    items = []
    for theme in figures["themes"]:
        key = theme["theme"]
        now_counts = theme["now"]["counts"]
        # Most chosen first; a stable sort keeps ties in framework order, so `first` is
        # _dominant(now_counts), the same rule as everywhere.
        ranked = sorted(now_counts, key=lambda m: -now_counts[m])
        first, second = ranked[0], ranked[1]
        wanted_top = _dominant(theme["wanted"]["counts"])
        role_gap = 0.0
        questions: list[tuple[str, dict]] = []
        if now_counts[second]:
            questions.append(
                (
                    "split",
                    {
                        "first": texts.stances[first, key],
                        "second": texts.stances[second, key],
                    },
                )
            )
        if wanted_top != first:
            questions.append(
                (
                    "gap",
                    {
                        "now": texts.stances[first, key],
                        "wanted": texts.stances[wanted_top, key],
                    },
                )
            )
        else:
            questions.append(("keep", {"now": texts.stances[first, key]}))
        if key in spreads:
            (low_role, low), (high_role, high) = spreads[key]
            role_gap = high - low
            if role_gap >= 0.5:
                questions.append(("roles", {"low": low_role, "high": high_role}))
        questions.append(
            ("risk", {"model": texts.models[wanted_top], "headline": texts.headlines[wanted_top]})
        )
        score = (1 - theme["now"]["consensus"]) + abs(theme["shift"]) / 3 + role_gap / 3
        items.append(GuideItem(key, round(score, 4), questions[:3]))
    return sorted(items, key=lambda item: -item.score)


def described(signal: Signal, texts: Texts, role_labels: dict[str, str]) -> dict:
    """Everything a page needs to say the signal in words, with the framework texts filled in."""
    v = signal.values
    words: dict = {"kind": signal.kind}
    if signal.theme:
        words["theme"] = texts.themes[signal.theme]
    if signal.model:
        words["model"] = texts.models[signal.model]
        words["headline"] = texts.headlines[signal.model]
        if signal.theme:
            words["stance"] = texts.stances[signal.model, signal.theme]
    if "percent" in v:
        words["percent"] = v["percent"]
    if signal.kind in ("shift", "split"):
        words.update(v)
    if signal.kind == "roles":
        words.update(
            low=role_labels.get(v["low"][0], v["low"][0]),
            low_mean=v["low"][1],
            high=role_labels.get(v["high"][0], v["high"][0]),
            high_mean=v["high"][1],
        )
    if signal.kind == "incoherent":
        words.update(
            low=texts.themes[v["low"][0]],
            low_mean=v["low"][1],
            high=texts.themes[v["high"][0]],
            high_mean=v["high"][1],
        )
    return words


def described_guide(item: GuideItem, texts: Texts, role_labels: dict[str, str]) -> dict:
    questions = []
    for key, values in item.questions:
        if key == "roles":
            values = {
                "low": role_labels.get(values["low"], values["low"]),
                "high": role_labels.get(values["high"], values["high"]),
            }
        questions.append({"kind": key, **values})
    return {"theme": texts.themes[item.theme], "questions": questions}
