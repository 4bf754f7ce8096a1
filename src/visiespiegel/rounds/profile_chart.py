"""Coordinates for a profile drawn on the placemat: themes as rows, models as columns."""

from __future__ import annotations

from visiespiegel.rounds.selectors import Profile

COLUMN, ROW, LEFT, TOP = 80, 48, 32, 36


def _x(position: int) -> int:
    return LEFT + (position - 1) * COLUMN + COLUMN // 2


def _y(index: int) -> int:
    return TOP + index * ROW + ROW // 2


def profile_chart(profile: Profile) -> dict:
    """Everything the SVG template needs, so the template holds no arithmetic."""
    now = [(_x(r.now.position), _y(i)) for i, r in enumerate(profile.rows)]
    wanted = [(_x(r.wanted.position), _y(i)) for i, r in enumerate(profile.rows)]
    return {
        "width": LEFT + COLUMN * len(profile.models),
        "height": TOP + ROW * len(profile.rows),
        "columns": [
            {"x": LEFT + (m.position - 1) * COLUMN, "cx": _x(m.position), "model": m}
            for m in profile.models
        ],
        "rows": [
            {"y": TOP + i * ROW, "cy": _y(i), "number": i + 1, "row": r}
            for i, r in enumerate(profile.rows)
        ],
        "now_points": " ".join(f"{x},{y}" for x, y in now),
        "wanted_points": " ".join(f"{x},{y}" for x, y in wanted),
        "now": now,
        "wanted": wanted,
        "column_width": COLUMN,
        "row_height": ROW,
    }
