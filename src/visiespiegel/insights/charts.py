"""Coordinates for profile lines drawn on the placemat: themes as rows, models as columns.

Used for a participant's own profile (whole positions), a group's (mean positions) and, small
and without labels, for each group in a comparison (small multiples on one scale).
The full chart names its axes: model names above the columns, each theme's name across the top
of its row, so nobody needs a caption to decode numbers. The lines run from mark to mark under
each row's name: every line of a name sits on a light plate drawn over them (`plates`), so no
line crosses a letter.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

# Full chart (viewBox units; at a phone's width one unit is about one CSS pixel). Theme names
# wrap to the chart's width (about 7.3 units a character at 13px), model names to a column.
COLUMN, LINE, PAD, CHAR = 96, 15, 10, 7.3
MODEL_CHARS = 8
# Small multiple: the same scale, no labels.
MINI_COLUMN, MINI_ROW, MINI_LEFT = 30, 18, 16


@dataclass(frozen=True)
class Axis:
    position: int
    label: str


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters, never breaking inside a word."""
    return textwrap.wrap(text, width, break_long_words=False) or [""]


def _line(marks: list[tuple[float, float]] | None) -> dict | None:
    if marks is None:
        return None
    return {"marks": marks, "points": " ".join(f"{x},{y}" for x, y in marks)}


def _marks(positions, x, ys) -> list[tuple[float, float]] | None:
    if positions is None:
        return None
    return [(x(p), y) for p, y in zip(positions, ys, strict=True)]


def profile_chart(
    models: Sequence[Axis],
    themes: Sequence[str],
    now: Sequence[float],
    wanted: Sequence[float],
    group_now: Sequence[float] | None = None,
    group_wanted: Sequence[float] | None = None,
) -> dict:
    """Everything the SVG template needs, so the template holds no arithmetic."""
    width = COLUMN * len(models)
    model_lines = [_wrap(m.label, MODEL_CHARS) for m in models]
    header = 14 + LINE * max(len(lines) for lines in model_lines)

    def x(position: float) -> float:
        return round((position - 1) * COLUMN + COLUMN / 2, 1)

    rows, y = [], header
    for number, label in enumerate(themes, start=1):
        lines = _wrap(f"{number}. {label}", int((width - 12) / CHAR))
        height = PAD + LINE * len(lines) + 30
        rows.append(
            {
                "y": y,
                "lines": [(y + PAD + LINE * (i + 1) - 3, text) for i, text in enumerate(lines)],
                "cy": y + height - 15,
                "height": height,
                # From above the capitals to below the descenders, as wide as the text can be.
                "plates": [
                    (3, y + PAD + LINE * i + 1, min(len(text) * CHAR + 6, width - 6), LINE)
                    for i, text in enumerate(lines)
                ],
            }
        )
        y += height
    ys = [row["cy"] for row in rows]
    return {
        "start": models[0].label,  # the labels at both ends of the scale, for the caption
        "end": models[-1].label,
        "width": width,
        "height": y,
        "columns": [
            {
                "x": (m.position - 1) * COLUMN,
                "cx": x(m.position),
                "position": m.position,
                "lines": [
                    (16 + LINE * i, text) for i, text in enumerate(_wrap(m.label, MODEL_CHARS))
                ],
            }
            for m in models
        ],
        "rows": rows,
        "now": _line(_marks(now, x, ys)),
        "wanted": _line(_marks(wanted, x, ys)),
        "group_now": _line(_marks(group_now, x, ys)),
        "group_wanted": _line(_marks(group_wanted, x, ys)),
        "column_width": COLUMN,
    }


def mini_chart(positions: Sequence[int], now: Sequence[float], wanted: Sequence[float]) -> dict:
    """A small profile for one group in a comparison: the same columns and rows as the full
    chart, numbered rows, no words (the page names the themes once, above all of them)."""

    def x(position: float) -> float:
        return round(MINI_LEFT + (position - 1) * MINI_COLUMN + MINI_COLUMN / 2, 1)

    ys = [i * MINI_ROW + MINI_ROW // 2 for i in range(len(now))]
    return {
        "width": MINI_LEFT + MINI_COLUMN * len(positions),
        "height": MINI_ROW * len(now),
        "columns": [{"x": MINI_LEFT + (p - 1) * MINI_COLUMN, "position": p} for p in positions],
        "rows": [{"y": i * MINI_ROW, "cy": y, "number": i + 1} for i, y in enumerate(ys)],
        "now": _line(_marks(now, x, ys)),
        "wanted": _line(_marks(wanted, x, ys)),
        "column_width": MINI_COLUMN,
    }
