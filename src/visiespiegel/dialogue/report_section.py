"""The ambition and the risk plan as a section of a group's PDF report (insights.report)."""

from __future__ import annotations

from visiespiegel.dialogue import vision
from visiespiegel.dialogue.selectors import current_choices
from visiespiegel.organisations.models import Unit
from visiespiegel.rounds.models import Round


def section(round_: Round, unit: Unit | None, role: str | None) -> tuple[str, dict] | None:
    """The unit's ambition and risk plan, when there is an ambition (whatever the role: the
    ambition is the group's, not a role's)."""
    choices = current_choices(round_, unit)
    if not choices:
        return None
    return "dialogue/_report_plan.html", {
        "choices": list(choices.values()),
        "plan": vision.risk_plan(round_, unit),
    }
