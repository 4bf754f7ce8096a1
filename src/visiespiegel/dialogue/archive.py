"""The ambition (every decision, the history included) and the measures in a round's sealed
archive (rounds.archive), and back into a restored round. The rows are checked field by field
(`ChoiceRow`, `MeasureRow`) before `load` sees them."""

from __future__ import annotations

from django.utils.translation import gettext as _
from pydantic import BaseModel, StrictInt

from visiespiegel.dialogue.models import Choice, Measure, Status
from visiespiegel.frameworks import cache as framework_cache
from visiespiegel.organisations.models import Unit
from visiespiegel.rounds.archive import Day, Key, Moment, Part, Sealed, text
from visiespiegel.rounds.models import Round

Long = text(2000)  # a rationale, a measure's evidence
Who = text(120)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


class ChoiceRow(Sealed):
    unit: StrictInt | None
    theme: Key
    model: Key
    rationale: Long
    decided_by: Who
    decided_at: Day
    recorded_at: Moment


class RiskRef(Sealed):
    model: Key
    level: Key
    text: text(2000, 1)


class MeasureRow(Sealed):
    unit: StrictInt | None
    risk: RiskRef
    what: text(2000, 1)
    who: Who
    due: Day | None
    status: Status
    evidence: Long
    done_at: Moment | None
    created_at: Moment


def dump_choices(round_: Round) -> list[dict]:
    return [
        {
            "unit": c.unit_id,
            "theme": c.theme.key,
            "model": c.model.key,
            "rationale": c.rationale,
            "decided_by": c.decided_by,
            "decided_at": _iso(c.decided_at),
            "recorded_at": _iso(c.recorded_at),
        }
        for c in Choice.objects.filter(round=round_)
        .select_related("theme", "model")
        .order_by("recorded_at", "pk")
    ]


def dump_measures(round_: Round) -> list[dict]:
    return [
        {
            "unit": m.unit_id,
            "risk": {"model": m.risk.model.key, "level": m.risk.level, "text": m.risk.text},
            "what": m.what,
            "who": m.who,
            "due": _iso(m.due),
            "status": m.status,
            "evidence": m.evidence,
            "done_at": _iso(m.done_at),
            "created_at": _iso(m.created_at),
        }
        for m in Measure.objects.filter(round=round_).select_related("risk__model").order_by("pk")
    ]


def _unit(row: BaseModel, units: dict[int, Unit]) -> Unit | None:
    """The restored unit of a row (rounds.archive.read checked that it is archived)."""
    return units[row.unit] if row.unit is not None else None


def load_choices(round_: Round, rows: list[ChoiceRow], units: dict[int, Unit], errors: list):
    content = framework_cache.content(round_.framework)
    themes = {t.key: t for t in content.themes}
    models = {m.key: m for m in content.models}
    made = []
    for i, row in enumerate(rows):
        where = ("parts", "ambition", i)
        theme, model = themes.get(row.theme), models.get(row.model)
        if theme is None:
            errors.append(((*where, "theme"), _("Onbekend thema.")))
        if model is None:
            errors.append(((*where, "model"), _("Onbekend model.")))
        if theme and model:
            made.append(
                Choice(
                    round=round_,
                    unit=_unit(row, units),
                    theme=theme,
                    model=model,
                    rationale=row.rationale,
                    decided_by=row.decided_by,
                    decided_at=row.decided_at,
                    recorded_at=row.recorded_at,
                )
            )
    if not errors:
        Choice.objects.bulk_create(made)


def load_measures(round_: Round, rows: list[MeasureRow], units: dict[int, Unit], errors: list):
    from visiespiegel.dialogue.services import risk_of

    made = []
    for i, row in enumerate(rows):
        if not row.what.strip():
            errors.append((("parts", "measures", i, "what"), _("Dit veld is verplicht.")))
        item = risk_of(round_, row.risk.model, row.risk.level, row.risk.text)
        if item is None:
            errors.append(
                (
                    ("parts", "measures", i, "risk"),
                    _("Dit risico staat niet in het kader van deze peiling."),
                )
            )
        if item is None or not row.what.strip():
            continue
        made.append(
            Measure(
                round=round_,
                unit=_unit(row, units),
                risk=item,
                what=row.what.strip(),
                who=row.who,
                due=row.due,
                status=row.status,
                evidence=row.evidence,
                done_at=row.done_at,
                created_at=row.created_at,
            )
        )
    if not errors:
        Measure.objects.bulk_create(made)


PARTS = [
    Part("ambition", ChoiceRow, dump_choices, load_choices),
    Part("measures", MeasureRow, dump_measures, load_measures),
]
