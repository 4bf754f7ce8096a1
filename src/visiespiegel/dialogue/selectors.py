"""Reads of the dialogue: the current ambition and its history, the risk plan, and the follow-up
in the next round. Figures about a group come only through the door (insights.selectors)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from visiespiegel.dialogue.models import Choice, Measure, Status
from visiespiegel.frameworks import cache as framework_cache
from visiespiegel.frameworks.dominance import dominant_models
from visiespiegel.insights import selectors as door
from visiespiegel.insights.signals import now_totals
from visiespiegel.organisations.models import Unit
from visiespiegel.rounds.models import Round


def current_choices(round_: Round, unit: Unit | None) -> dict[str, Choice]:
    """The latest decision per theme key."""
    latest = (
        Choice.objects.filter(round=round_, unit=unit, theme=OuterRef("theme"))
        .order_by("-recorded_at", "-pk")
        .values("pk")[:1]
    )
    found = (
        Choice.objects.filter(round=round_, unit=unit, pk=Subquery(latest))
        .select_related("theme", "model")
        .order_by("theme__position")
    )
    return {c.theme.key: c for c in found}


def history(round_: Round, unit: Unit | None) -> list[Choice]:
    """Every decision, newest first."""
    return list(
        Choice.objects.filter(round=round_, unit=unit)
        .select_related("theme", "model", "session")
        .order_by("-recorded_at", "-pk")
    )


def measures(round_: Round, unit: Unit | None, *, status: str = "", level: str = ""):
    found = Measure.objects.filter(round=round_, unit=unit).select_related("risk__model")
    if status:
        found = found.filter(status=status)
    if level:
        found = found.filter(risk__level=level)
    return found.order_by("risk__model__position", "risk__position", "created_at", "pk")


def dominant_now(round_: Round, unit: Unit | None) -> list[str]:
    """The model(s) holding most "now" answers over all themes (all of them when tied), if the
    door shows the group."""
    published = door.results(round_, unit_id=unit.pk if unit else None)
    if not published.shown:
        return []
    return dominant_models(now_totals(published.figures))


def plan_models(round_: Round, unit: Unit | None) -> list:
    """The models whose risks the plan covers: those of the ambition and those that hold most
    "now" answers, in framework order."""
    keys = {c.model.key for c in current_choices(round_, unit).values()}
    keys.update(dominant_now(round_, unit))
    models = framework_cache.content(round_.framework).models
    return [m for m in models if m.key in keys]


@dataclass(frozen=True)
class Progress:
    total: int
    done: int
    busy: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def progress(found) -> Progress:
    statuses = [m.status for m in found]
    return Progress(len(statuses), statuses.count(Status.DONE), statuses.count(Status.BUSY))


def previous_round(round_: Round) -> Round | None:
    """The organisation's round before this one."""
    return (
        Round.objects.filter(organisation=round_.organisation, created_at__lt=round_.created_at)
        .select_related("framework")
        .order_by("-created_at")
        .first()
    )


@dataclass(frozen=True)
class ThemeFollowUp:
    theme: str  # label
    aim: str  # the model label chosen then
    then: float | None  # the group's mean "now" then (None: not shown)
    now: float | None  # and in this round
    closer: bool | None  # moved toward the aim (None: not known)


@dataclass(frozen=True)
class FollowUp:
    previous: Round
    done: list[Measure]  # measures of the previous round done since it
    open: list[Measure]  # and those not done
    themes: list[ThemeFollowUp]


def follow_up(round_: Round, unit: Unit | None) -> FollowUp | None:
    """What became of the previous round's plan: its measures done, and per theme of its
    ambition whether the group's "now" moved toward the chosen model (through the door, for
    the same unit, only where both rounds show the group)."""
    previous = previous_round(round_)
    if previous is None:
        return None
    unit_id = unit.pk if unit else None
    planned = list(measures(previous, unit))
    aims = current_choices(previous, unit)
    if not planned and not aims:
        return None
    then = door.results(previous, unit_id=unit_id)
    now = door.results(round_, unit_id=unit_id)

    def mean(published, key: str) -> float | None:
        if not published.shown:
            return None
        found = [t for t in published.figures["themes"] if t["theme"] == key]
        return found[0]["now"]["mean"] if found else None

    themes = []
    for key, choice in aims.items():
        before, after = mean(then, key), mean(now, key)
        closer = None
        if before is not None and after is not None:
            aim = choice.model.position
            closer = abs(aim - after) < abs(aim - before)
        themes.append(ThemeFollowUp(choice.theme.label, choice.model.label, before, after, closer))
    return FollowUp(
        previous=previous,
        done=[m for m in planned if m.status == Status.DONE],
        open=[m for m in planned if m.status != Status.DONE],
        themes=themes,
    )
