"""The ambition and the risk plan as a section of a group's PDF report (insights.report): the
plan as an appendix, and per theme the ambition with its most pressing risks for the summary
page."""

from __future__ import annotations

from visiespiegel.dialogue import vision
from visiespiegel.dialogue.models import Status
from visiespiegel.dialogue.selectors import current_choices
from visiespiegel.insights.report import Measure, Risk, Section, ThemePlan
from visiespiegel.organisations.models import Unit
from visiespiegel.rounds.models import Round

TOP_RISKS = 3


def section(round_: Round, unit: Unit | None, role: str | None) -> Section | None:
    """The unit's ambition and risk plan, when there is an ambition (whatever the role: the
    ambition is the group's, not a role's)."""
    choices = current_choices(round_, unit)
    if not choices:
        return None
    plan = vision.risk_plan(round_, unit)
    by_model = {p.model: p for p in plan}
    return Section(
        template="dialogue/_report_plan.html",
        context={"choices": list(choices.values()), "plan": plan},
        themes={
            key: ThemePlan(
                ambition=choice.model.label,
                decided_by=choice.decided_by,
                decided_at=choice.decided_at,
                risks=top_risks(by_model[choice.model.label]),
            )
            for key, choice in choices.items()
        },
    )


def top_risks(plan: vision.RiskPlan) -> list[Risk]:
    """The ambition's most pressing risks: first those the group has measures for (it judged
    them worth acting on), then the rest, each group in the framework's order."""
    statuses = dict(Status.choices)
    risks = sorted(plan.risks, key=lambda risk: not risk[2])[:TOP_RISKS]
    return [
        Risk(
            level=level,
            text=text,
            measures=[
                Measure(what=m.what, who=m.who, due=m.due, status=str(statuses[m.status]))
                for m in found
            ],
        )
        for level, text, found in risks
    ]
