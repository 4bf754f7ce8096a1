"""Turn a results dict into what a page draws: percentages, bar segments, heat-map cells.

Plain Python, so templates hold no arithmetic and every number is tested once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from visiespiegel.insights.stats import percentages

# Consensus in words. Below the low bound (the signal threshold) the group is clearly divided;
# from HIGH_CONSENSUS on, most people share one model or two neighbouring ones.
HIGH_CONSENSUS = 0.7
AGREEMENT = {"laag": _("laag"), "gemiddeld": _("gemiddeld"), "hoog": _("hoog")}


def agreement(consensus: float) -> str:
    """laag, gemiddeld or hoog."""
    if consensus < settings.SIGNAL_LOW_CONSENSUS:
        return "laag"
    return "hoog" if consensus >= HIGH_CONSENSUS else "gemiddeld"


@dataclass(frozen=True)
class Segment:
    model: str
    position: int
    count: int
    percent: int
    x: float
    width: float


@dataclass(frozen=True)
class Bar:
    kind: str
    segments: list[Segment]
    mean: float
    consensus: float

    @property
    def agreement(self) -> str:
        return agreement(self.consensus)

    @property
    def agreement_label(self) -> str:
        return AGREEMENT[self.agreement]


def bar(kind: str, block: dict, positions: dict[str, int]) -> Bar:
    shares = percentages(block["counts"])
    total = sum(block["counts"].values()) or 1
    segments, x = [], 0.0
    for model, count in block["counts"].items():
        width = count * 100 / total
        segments.append(
            Segment(model, positions[model], count, shares[model], round(x, 3), round(width, 3))
        )
        x += width
    return Bar(kind, segments, block["mean"], block["consensus"])


@dataclass(frozen=True)
class TransitionRow:
    position: int
    label: str
    counts: list[int]  # per wanted model, in framework order


@dataclass(frozen=True)
class ThemeView:
    key: str
    label: str
    number: int
    now: Bar
    wanted: Bar
    shift: float
    transition_rows: list[tuple[str, TransitionRow]]

    @property
    def bars(self) -> list[Bar]:
        return [self.now, self.wanted]

    @property
    def heat(self) -> list[tuple[Segment, Segment]]:
        """Per model: the now and the wanted share, for the heat map."""
        return list(zip(self.now.segments, self.wanted.segments, strict=True))


def theme_views(
    figures: dict,
    theme_labels: dict[str, str],
    model_labels: dict[str, str],
    positions: dict[str, int],
) -> list[ThemeView]:
    views = []
    for number, theme in enumerate(figures["themes"], start=1):
        rows = [
            (model, TransitionRow(positions[model], model_labels[model], list(row.values())))
            for model, row in theme["transitions"].items()
        ]
        views.append(
            ThemeView(
                key=theme["theme"],
                label=theme_labels[theme["theme"]],
                number=number,
                now=bar("now", theme["now"], positions),
                wanted=bar("wanted", theme["wanted"], positions),
                shift=theme["shift"],
                transition_rows=rows,
            )
        )
    return views
