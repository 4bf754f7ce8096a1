"""A whole round as versioned JSON, and back: the way to move a round to another installation
and, next to the database backup, the documented backup of one round.

The archive holds the framework it was answered on (key and version), the round's settings,
the units involved (with their ancestors, as a tree), and every response: role, unit, per theme
now, wanted and the remark (with whether a coordinator hid it). Nothing identifies a person:
no idempotency keys, edit tokens, invitation codes or times of single responses.

Restoring validates everything first and stores all or nothing; errors name their location
(`responses[12].answers[3].now: ...`). Units are matched by name and kind under the same parent,
otherwise created. Responses go in through the same checks and inserts as live answers, so the
tally and every published figure follow; a closed round gets its final snapshot on first read.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from itertools import chain

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from visiespiegel.frameworks.models import FrameworkVersion
from visiespiegel.organisations.models import Organisation, Unit
from visiespiegel.rounds.enums import Access, Kind
from visiespiegel.rounds.models import Answer, Remark, Response, Round
from visiespiegel.rounds.selectors import forget_round, offered_units
from visiespiegel.rounds.services import (
    AnswerIn,
    Submission,
    SubmissionInvalid,
    check_submission,
    create_round,
    submit_many,
)

FORMAT, VERSION = "visiespiegel-round", 1
SETTINGS = ("title", "threshold", "roles", "answer_mode", "welcome_text", "remarks_level")


class ArchiveInvalid(Exception):
    """Every problem with an archive, each with its location."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__("; ".join(f"{loc}: {msg}" for loc, msg in errors))
        self.errors = errors


@dataclass(frozen=True)
class Part:
    """What an app above this one keeps of a round (the ambition, the measures), as rows in
    the archive under `key`: `dump` writes them (a row naming a unit has "unit": its id), and
    `load` checks and stores them in a restored round, adding (location, message) errors."""

    key: str
    dump: Callable[[Round], list[dict]]
    load: Callable[[Round, list, dict[int, Unit], list], None]


# Filled by those apps when Django starts (their AppConfig.ready).
PARTS: list[Part] = []


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def archive(round_: Round) -> dict:
    """The round as a JSON-ready dict."""
    parts = {part.key: part.dump(round_) for part in PARTS}
    named = {row["unit"] for rows in parts.values() for row in rows if row.get("unit")}
    involved: dict[int, Unit] = {}
    answered = Unit.objects.filter(responses__round=round_).distinct()
    mentioned = Unit.objects.filter(pk__in=named, organisation=round_.organisation_id)
    for unit in chain(offered_units(round_), answered, mentioned):  # each with its ancestors
        while unit is not None and unit.pk not in involved:
            involved[unit.pk] = unit
            unit = unit.parent
    answers: dict[int, dict[str, dict]] = {}
    for response_id, theme, kind, model in Answer.objects.filter(round=round_).values_list(
        "response_id", "theme__key", "kind", "model__key"
    ):
        answers.setdefault(response_id, {}).setdefault(theme, {})[kind] = model
    remarks = {
        (r.response_id, r.theme.key): r
        for r in Remark.objects.filter(response__round=round_).select_related("theme")
    }
    responses = []
    for response in Response.objects.filter(round=round_).order_by("?"):  # no order of arrival
        answered_themes = []
        for theme, chosen in answers.get(response.pk, {}).items():
            remark = remarks.get((response.pk, theme))
            answered_themes.append(
                {
                    "theme": theme,
                    "now": chosen[Kind.NOW],
                    "wanted": chosen[Kind.WANTED],
                    "remark": remark.text if remark else "",
                    "remark_hidden": remark.hidden if remark else False,
                }
            )
        responses.append(
            {"role": response.role, "unit": response.unit_id, "answers": answered_themes}
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "framework": {"key": round_.framework.key, "version": round_.framework.number},
        "round": {
            **{name: getattr(round_, name) for name in SETTINGS},
            "synthetic": round_.synthetic,
            "units": sorted(u.pk for u in round_.units.all()),
            "created_at": _moment(round_.created_at),
            "opens_at": _moment(round_.opens_at),
            "closes_at": _moment(round_.closes_at),
            "closed_at": _moment(round_.closed_moment()),
        },
        "units": [
            {"id": u.pk, "name": u.name, "kind": u.kind, "brin": u.brin, "parent": u.parent_id}
            for u in sorted(involved.values(), key=lambda u: u.pk)
        ],
        "responses": responses,
        **parts,
    }


def _require(data: dict, key: str, kind: type, where: str, errors: list) -> object:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, kind):
        errors.append((f"{where}{key}", f"ontbreekt of is geen {kind.__name__}"))
        return None
    return value


def _units(organisation: Organisation, rows: list, errors: list) -> dict[int, Unit]:
    """Archived unit ids -> units of the organisation (matched by name and kind under the
    same parent, or new), parents first."""
    by_id = {}
    for i, row in enumerate(rows):
        if not isinstance(row, dict) or not isinstance(row.get("id"), int):
            errors.append((f"units[{i}]", "een eenheid heeft een id (getal)"))
        else:
            by_id[row["id"]] = (i, row)
    mapped: dict[int, Unit] = {}

    def place(archived_id: int, seen: tuple = ()) -> Unit | None:
        if archived_id in mapped:
            return mapped[archived_id]
        i, row = by_id[archived_id]
        parent_id = row.get("parent")
        if parent_id is not None and (parent_id not in by_id or parent_id in seen):
            errors.append((f"units[{i}].parent", "onbekende of kringvormige bovenliggende"))
            return None
        parent = place(parent_id, (*seen, archived_id)) if parent_id is not None else None
        name, kind = str(row.get("name", "")).strip(), str(row.get("kind", "school"))
        found = organisation.units.filter(name=name, kind=kind, parent=parent).first()
        if found is None:
            found = Unit(
                organisation=organisation,
                name=name,
                kind=kind,
                parent=parent,
                brin=str(row.get("brin", "")),
            )
            try:
                found.full_clean(exclude=["organisation", "parent"])
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    errors.append((f"units[{i}].{field}", " ".join(messages)))
                return None
            found.save()
        mapped[archived_id] = found
        return found

    for archived_id in by_id:
        place(archived_id)
    return mapped


def restore(organisation: Organisation, data: dict) -> Round:
    """A new round in `organisation` from an archive; all or nothing (ArchiveInvalid)."""
    errors: list[tuple[str, str]] = []
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ArchiveInvalid([("format", f"geen archief van een peiling ({FORMAT})")])
    if data.get("version") != VERSION:
        raise ArchiveInvalid([("version", f"versie {data.get('version')!r} ken ik niet")])
    spec = _require(data, "framework", dict, "", errors)
    settings = _require(data, "round", dict, "", errors)
    unit_rows = _require(data, "units", list, "", errors)
    response_rows = _require(data, "responses", list, "", errors)
    framework = None
    if spec is not None:
        framework = FrameworkVersion.objects.filter(
            key=spec.get("key"), number=spec.get("version")
        ).first()
        if framework is None:
            errors.append(("framework", f"kader {spec.get('key')} versie {spec.get('version')} "
                           "staat niet in deze installatie; importeer het eerst"))  # fmt: skip
    if errors:
        raise ArchiveInvalid(errors)
    with transaction.atomic():
        units = _units(organisation, unit_rows, errors)
        if errors:
            raise ArchiveInvalid(errors)
        try:
            round_ = create_round(
                organisation=organisation,
                framework=framework,
                title=str(settings.get("title", "")),
                threshold=settings.get("threshold", 5),
                roles=settings.get("roles"),
                units=[units[u] for u in settings.get("units", []) if u in units],
                welcome_text=str(settings.get("welcome_text", "")),
                remarks_level=str(settings.get("remarks_level", "")),
                access=Access.OPEN,  # personal codes are credentials: never archived
                synthetic=bool(settings.get("synthetic", False)),
            )
        except ValidationError as error:
            raise ArchiveInvalid(
                [(f"round.{field}", " ".join(m)) for field, m in error.message_dict.items()]
            ) from error
        submissions, hidden = [], []
        for i, row in enumerate(response_rows):
            where = f"responses[{i}]"
            if not isinstance(row, dict) or not isinstance(row.get("answers"), list):
                errors.append((where, "een antwoord met role, unit en answers"))
                continue
            unit = row.get("unit")
            if unit is not None and unit not in units:
                errors.append((f"{where}.unit", "staat niet bij units"))
                continue
            strays = [j for j, a in enumerate(row["answers"]) if not isinstance(a, dict)]
            if strays:
                errors += [(f"{where}.answers[{j}]", "een antwoord is een object") for j in strays]
                continue
            answers = [
                AnswerIn(
                    theme=str(a.get("theme")),
                    now=str(a.get("now")),
                    wanted=str(a.get("wanted")),
                    remark=str(a.get("remark") or ""),
                )
                for a in row["answers"]
            ]
            unit_id = units[unit].pk if unit is not None else None
            try:
                checked = check_submission(
                    round_=round_, role=str(row.get("role")), unit_id=unit_id, answers=answers
                )
            except SubmissionInvalid as invalid:
                errors += [
                    (f"{where}." + ".".join(map(str, loc)), msg) for loc, msg in invalid.errors
                ]
                continue
            key = uuid.uuid4()
            submissions.append(Submission(str(row["role"]), unit_id, key, checked))
            hidden += [(key, a["theme"]) for a in row["answers"] if a.get("remark_hidden")]
        for part in PARTS:
            rows = data.get(part.key, [])
            if isinstance(rows, list):
                part.load(round_, rows, units, errors)
            else:
                errors.append((part.key, "een lijst"))
        if errors:
            raise ArchiveInvalid(errors)
        submit_many(round_=round_, submissions=submissions)
        for key, theme in hidden:
            Remark.objects.filter(
                response__round=round_, response__idempotency_key=key, theme__key=theme
            ).update(hidden=True)
        moments = {
            name: parse_datetime(settings[name]) if settings.get(name) else None
            for name in ("created_at", "opens_at", "closes_at", "closed_at")
        }
        Round.objects.filter(pk=round_.pk).update(
            answer_mode=settings.get("answer_mode", round_.answer_mode),
            opens_at=moments["opens_at"],
            closes_at=moments["closes_at"],
            closed_at=moments["closed_at"],
            created_at=moments["created_at"] or round_.created_at,
        )
    forget_round(round_)  # the cached round still says it is open
    round_.refresh_from_db()
    return round_
