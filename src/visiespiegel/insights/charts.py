"""Coordinates for profile lines drawn on the placemat: themes as rows, models as columns.

Used for a participant's own profile (whole positions) and for a group's (mean positions).
"""

from __future__ import annotations

from collections.abc import Sequence

COLUMN, ROW, LEFT, TOP = 80, 48, 32, 36


def _x(position: float) -> float:
    return round(LEFT + (position - 1) * COLUMN + COLUMN / 2, 1)


def _y(index: int) -> int:
    return TOP + index * ROW + ROW // 2


def _line(positions: Sequence[float] | None) -> dict | None:
    if positions is None:
        return None
    marks = [(_x(p), _y(i)) for i, p in enumerate(positions)]
    return {"marks": marks, "points": " ".join(f"{x},{y}" for x, y in marks)}


def profile_chart(
    model_positions: Sequence[int],
    now: Sequence[float],
    wanted: Sequence[float],
    group_now: Sequence[float] | None = None,
    group_wanted: Sequence[float] | None = None,
) -> dict:
    """Everything the SVG template needs, so the template holds no arithmetic."""
    return {
        "width": LEFT + COLUMN * len(model_positions),
        "height": TOP + ROW * len(now),
        "columns": [
            {"x": LEFT + (p - 1) * COLUMN, "cx": _x(p), "position": p} for p in model_positions
        ],
        "rows": [{"y": TOP + i * ROW, "cy": _y(i), "number": i + 1} for i in range(len(now))],
        "now": _line(now),
        "wanted": _line(wanted),
        "group_now": _line(group_now),
        "group_wanted": _line(group_wanted),
        "column_width": COLUMN,
        "row_height": ROW,
    }
