"""The ambition (every decision, the history included) and the measures in a round's archive
(rounds.archive), and back into a restored round."""

from __future__ import annotations

from django.utils.dateparse import parse_date, parse_datetime

from visiespiegel.dialogue.models import Choice, Measure, Status
from visiespiegel.frameworks import cache as framework_cache
from visiespiegel.organisations.models import Unit
from visiespiegel.rounds.archive import Part
from visiespiegel.rounds.models import Round


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _parsed(parse, value) -> object | None:
    """A date or moment from the archive, or None (also for impossible ones like 30 February)."""
    try:
        return parse(str(value or ""))
    except ValueError:
        return None


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


def _unit(row: dict, units: dict[int, Unit], where: str, errors: list) -> tuple[bool, Unit | None]:
    unit = row.get("unit")
    if unit is None:
        return True, None
    if unit not in units:
        errors.append((f"{where}.unit", "staat niet bij units"))
        return False, None
    return True, units[unit]


def load_choices(round_: Round, rows: list, units: dict[int, Unit], errors: list) -> None:
    content = framework_cache.content(round_.framework)
    themes = {t.key: t for t in content.themes}
    models = {m.key: m for m in content.models}
    made = []
    for i, row in enumerate(rows):
        where = f"ambition[{i}]"
        if not isinstance(row, dict):
            errors.append((where, "een object"))
            continue
        found, unit = _unit(row, units, where, errors)
        theme, model = themes.get(row.get("theme")), models.get(row.get("model"))
        if theme is None:
            errors.append((f"{where}.theme", "onbekend thema"))
        if model is None:
            errors.append((f"{where}.model", "onbekend model"))
        decided_at = _parsed(parse_date, row.get("decided_at"))
        recorded_at = _parsed(parse_datetime, row.get("recorded_at"))
        if decided_at is None or recorded_at is None:
            errors.append((where, "decided_at en recorded_at zijn datums"))
        if found and theme and model and decided_at and recorded_at:
            made.append(
                Choice(
                    round=round_,
                    unit=unit,
                    theme=theme,
                    model=model,
                    rationale=str(row.get("rationale") or "")[:2000],
                    decided_by=str(row.get("decided_by") or "")[:120],
                    decided_at=decided_at,
                    recorded_at=recorded_at,
                )
            )
    if not errors:
        Choice.objects.bulk_create(made)


def load_measures(round_: Round, rows: list, units: dict[int, Unit], errors: list) -> None:
    from visiespiegel.dialogue.services import risk_of

    made = []
    for i, row in enumerate(rows):
        where = f"measures[{i}]"
        if not isinstance(row, dict) or not isinstance(row.get("risk"), dict):
            errors.append((where, "een object met risk"))
            continue
        found, unit = _unit(row, units, where, errors)
        risk = row["risk"]
        item = risk_of(
            round_, str(risk.get("model")), str(risk.get("level")), str(risk.get("text"))
        )
        if item is None:
            errors.append((f"{where}.risk", "dit risico staat niet in het kader"))
        if row.get("status") not in Status.values:
            errors.append((f"{where}.status", "open, bezig of gedaan"))
        what = str(row.get("what") or "").strip()
        if not what:
            errors.append((f"{where}.what", "ontbreekt"))
        if found and item and what and row.get("status") in Status.values:
            made.append(
                Measure(
                    round=round_,
                    unit=unit,
                    risk=item,
                    what=what[:2000],
                    who=str(row.get("who") or "")[:120],
                    due=_parsed(parse_date, row.get("due")),
                    status=row["status"],
                    evidence=str(row.get("evidence") or "")[:2000],
                    done_at=_parsed(parse_datetime, row.get("done_at")),
                    **(
                        {"created_at": created}
                        if (created := _parsed(parse_datetime, row.get("created_at")))
                        else {}
                    ),
                )
            )
    if not errors:
        Measure.objects.bulk_create(made)


PARTS = [
    Part("ambition", dump_choices, load_choices),
    Part("measures", dump_measures, load_measures),
]
