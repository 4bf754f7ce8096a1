"""A whole round as a sealed archive, and back: the backup of one round (next to the database
backup) and the way to move a round to another installation that has the same archive key.

The archive holds the framework it was answered on (key and version), the round's settings and
its anonymity threshold, the units involved (with their ancestors, as a tree), and every
response: an archive id, role, unit, per theme now, wanted and the remark (with whether a
coordinator hid it). Nothing identifies a person: no idempotency keys, edit tokens, invitation
codes or times of single responses. It is still raw answers, in which one intern begeleider
of a school is recognisable, so nobody may read it: the JSON is compressed and encrypted with
the installation's archive key (Fernet, `settings.ARCHIVE_KEY`; `ARCHIVE_OLD_KEYS` still open
archives made before a new key). A download is an opaque `.vsarchive` file.

Restoring opens the file (a wrong key or a changed byte: refused), validates every field
(`Payload`, all problems at once, each with its location) and stores all or nothing under the
write lock. The restored round keeps the source round's threshold (a restore may raise it,
never lower it) and remembers where it came from (`Round.restored_from`): a source round is
restored at most once per installation, and never while it is still there, so no response is
ever counted twice. Units are matched by name and kind under the same parent, otherwise
created. Responses go in through the same checks and inserts as live answers, so the tally and
every published figure follow; a closed round gets its final snapshot on first read.
"""

from __future__ import annotations

import json
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from itertools import chain
from typing import Annotated, Any, Literal

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StrictBool,
    StrictInt,
    create_model,
)
from pydantic import ValidationError as PayloadInvalid

from visiespiegel.frameworks.models import FrameworkVersion
from visiespiegel.organisations.models import Organisation, Unit, validate_brin
from visiespiegel.rounds.enums import (
    MIN_THRESHOLD,
    REMARK_MAX_LENGTH,
    Access,
    AnswerMode,
    Kind,
    Role,
)
from visiespiegel.rounds.lifecycle import create_round
from visiespiegel.rounds.models import Answer, Remark, Response, Round
from visiespiegel.rounds.selectors import forget_round, offered_units
from visiespiegel.rounds.submission import (
    AnswerIn,
    Submission,
    SubmissionInvalid,
    check_submission,
    submit_many,
)
from visiespiegel.text import SafeStr
from visiespiegel.write_lock import write_lock

FORMAT, VERSION = "visiespiegel-round", 2
SUFFIX = ".vsarchive"
CONTENT_TYPE = "application/octet-stream"
# Archive ids of responses: derived from their idempotency keys, which stay in the database
# (with the round's code, a key would open that person's answers while the round is open).
RESPONSE_IDS = uuid.UUID("0b6f2f0e-5c1e-4b7e-9d55-7a1f3c0d9e21")

Location = tuple[str | int, ...]


class ArchiveInvalid(Exception):
    """Every problem with an archive, each with its location in the archive (or, `at`
    "query", in the request that restores it)."""

    def __init__(self, errors: list[tuple[Location, str]], at: str = "body"):
        super().__init__("; ".join(f"{'.'.join(map(str, loc))}: {msg}" for loc, msg in errors))
        self.errors, self.at = errors, at


class ArchiveRefused(Exception):
    """A valid archive that this installation will not restore (its round is here already)."""


# ---------------------------------------------------------------------------------------------
# Sealing


def _fernet() -> MultiFernet:
    try:
        return MultiFernet([Fernet(k) for k in (settings.ARCHIVE_KEY, *settings.ARCHIVE_OLD_KEYS)])
    except ValueError:
        raise ImproperlyConfigured(
            "ARCHIVE_KEY and ARCHIVE_OLD_KEYS must be Fernet keys: 32 random bytes, URL-safe "
            "base64 (python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())')"
        ) from None


def seal(payload: dict) -> bytes:
    """An archive's content as an opaque file that only this installation's key opens."""
    text = json.dumps(payload, separators=(",", ":"))
    return _fernet().encrypt(zlib.compress(text.encode("utf-8")))


def unseal(sealed: bytes) -> bytes:
    """The JSON inside a sealed archive, or ArchiveInvalid for a file that this installation
    did not make or that changed since."""
    try:
        return zlib.decompress(_fernet().decrypt(sealed.strip()))
    except (InvalidToken, zlib.error):
        raise ArchiveInvalid(
            [
                (
                    (),
                    _(
                        "Dit bestand is geen archief van deze installatie, of het is veranderd: "
                        "een archief opent alleen met de archiefsleutel van de installatie die "
                        "het maakte."
                    ),
                )
            ]
        ) from None


# ---------------------------------------------------------------------------------------------
# What an archive holds: every field checked before anything is used


def _iso(parse: Callable, value: object) -> object:
    """Dates and moments only as ISO 8601 text: no numbers read as seconds since 1970."""
    if not isinstance(value, str):
        raise ValueError(_("een datum als tekst (ISO 8601)"))
    try:
        parsed = parse(value)
    except ValueError:
        raise ValueError(_("geen geldige datum")) from None
    if isinstance(parsed, datetime) and parsed.tzinfo is None:
        raise ValueError(_("een tijdstip met tijdzone"))
    return parsed


Moment = Annotated[datetime, PlainValidator(partial(_iso, datetime.fromisoformat))]
Day = Annotated[date, PlainValidator(partial(_iso, date.fromisoformat))]


def text(max_length: int, min_length: int = 0) -> Any:
    """Text of at most `max_length` characters, without NUL or lone surrogates."""
    return Annotated[SafeStr, Field(min_length=min_length, max_length=max_length)]


Key = text(80, 1)  # a framework, theme, model or level key
Name = text(200, 1)
Code = text(12, 1)
UnitKind = text(40, 1)  # a unit's kind


def _brin(value: str) -> str:
    try:
        if value:
            validate_brin(value)
    except ValidationError as error:
        raise ValueError(" ".join(error.messages)) from None
    return value


Brin = Annotated[text(6), AfterValidator(_brin)]
Welcome = text(2000)
Level = text(40)  # the unit kind that remarks are shown per
RemarkText = text(REMARK_MAX_LENGTH)


class Sealed(BaseModel):
    """Exactly these fields, of exactly these JSON types (StrictInt, StrictBool: no "5" for 5,
    no "yes" for true)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Sealed):
    code: Code  # the round first archived (a round restored before names its source)


class FrameworkRef(Sealed):
    key: Key
    version: StrictInt = Field(ge=1)


class Settings(Sealed):
    title: Name
    threshold: StrictInt = Field(ge=MIN_THRESHOLD, le=32767)
    roles: list[Role] = Field(min_length=1)
    answer_mode: AnswerMode
    welcome_text: Welcome
    remarks_level: Level
    synthetic: StrictBool
    units: list[StrictInt]
    created_at: Moment
    opens_at: Moment | None
    closes_at: Moment | None
    closed_at: Moment | None


class UnitRow(Sealed):
    id: StrictInt
    name: Name
    kind: UnitKind
    brin: Brin
    parent: StrictInt | None


class AnswerRow(Sealed):
    theme: Key
    now: Key
    wanted: Key
    remark: RemarkText
    remark_hidden: StrictBool


class ResponseRow(Sealed):
    id: uuid.UUID
    role: Role
    unit: StrictInt | None
    answers: list[AnswerRow]


class Payload(Sealed):
    format: Literal["visiespiegel-round"]
    version: Literal[2]
    archive_id: uuid.UUID
    exported_at: Moment
    source: Source
    framework: FrameworkRef
    round: Settings
    units: list[UnitRow]
    responses: list[ResponseRow]
    parts: Any  # a model made of PARTS when read (`_payload_model`)


@dataclass(frozen=True)
class Part:
    """What an app above this one keeps of a round (the ambition, the measures), as rows of
    `row` in the archive under parts.`key`: `dump` writes them (a row naming a unit has "unit":
    its id), and `load` stores the checked rows in a restored round, adding (location, message)
    errors for what only the database can tell (a risk that is not in the framework)."""

    key: str
    row: type[BaseModel]
    dump: Callable[[Round], list[dict]]
    load: Callable[[Round, list, dict[int, Unit], list], None]


# Filled by those apps when Django starts (their AppConfig.ready).
PARTS: list[Part] = []


def _payload_model() -> type[Payload]:
    parts = create_model(
        "Parts",
        __base__=Sealed,
        **{p.key: (list[p.row], Field(default_factory=list)) for p in PARTS},
    )
    return create_model("ArchivePayload", __base__=Payload, parts=(parts, ...))


def read(sealed: bytes) -> Payload:
    """The checked content of a sealed archive (ArchiveInvalid: every problem at once)."""
    try:
        # Python's parser, not pydantic's: a lone surrogate is then an error at its field.
        data = json.loads(unseal(sealed))
    except ValueError:
        raise ArchiveInvalid([((), _("Dit archief is geen JSON."))]) from None
    try:
        payload = _payload_model().model_validate(data)
    except PayloadInvalid as invalid:
        raise ArchiveInvalid(
            [(tuple(e["loc"]), e["msg"]) for e in invalid.errors(include_url=False)]
        ) from None
    errors: list[tuple[Location, str]] = []
    ids = {row.id for row in payload.units}
    twice = _("komt twee keer voor")
    errors += [(("units", i, "id"), twice) for i in _repeated(r.id for r in payload.units)]
    errors += [(("responses", i, "id"), twice) for i in _repeated(r.id for r in payload.responses)]
    for i, row in enumerate(payload.units):
        if row.parent is not None and row.parent not in ids:
            errors.append((("units", i, "parent"), _("staat niet bij units")))
    errors += [
        (("round", "units", j), _("staat niet bij units"))
        for j, unit in enumerate(payload.round.units)
        if unit not in ids
    ]
    errors += [
        (("responses", i, "unit"), _("staat niet bij units"))
        for i, row in enumerate(payload.responses)
        if row.unit is not None and row.unit not in ids
    ]
    for key, rows in payload.parts:
        errors += [
            (("parts", key, i, "unit"), _("staat niet bij units"))
            for i, row in enumerate(rows)
            if row.unit is not None and row.unit not in ids
        ]
    if errors:
        raise ArchiveInvalid(errors)
    return payload


def _repeated(values) -> list[int]:
    """Positions of values seen before."""
    seen: set = set()
    repeated = []
    for i, value in enumerate(values):
        if value in seen:
            repeated.append(i)
        seen.add(value)
    return repeated


# ---------------------------------------------------------------------------------------------
# Archiving


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def archive(round_: Round) -> dict:
    """The round as a JSON-ready dict (`seal` it before it leaves the process)."""
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
            {
                "id": str(uuid.uuid5(RESPONSE_IDS, str(response.idempotency_key))),
                "role": response.role,
                "unit": response.unit_id,
                "answers": answered_themes,
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "archive_id": str(uuid.uuid4()),
        "exported_at": timezone.now().isoformat(),
        "source": {"code": round_.restored_from or round_.code},
        "framework": {"key": round_.framework.key, "version": round_.framework.number},
        "round": {
            "title": round_.title,
            "threshold": round_.threshold,
            "roles": list(round_.roles),
            "answer_mode": round_.answer_mode,
            "welcome_text": round_.welcome_text,
            "remarks_level": round_.remarks_level,
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
        "parts": parts,
    }


def file_name(round_: Round) -> str:
    return f"peiling-{round_.code}-{timezone.localdate().isoformat()}{SUFFIX}"


# ---------------------------------------------------------------------------------------------
# Restoring


def _refusal(payload: Payload) -> str | None:
    """Why this installation will not restore the archive, or None."""
    code = payload.source.code
    if Round.objects.filter(code=code).exists():
        return _(
            "De peiling van dit archief (code %(code)s) staat nog in deze installatie: "
            "terugzetten zou dezelfde antwoorden twee keer tellen."
        ) % {"code": code}
    if copy := Round.objects.filter(restored_from=code).first():
        return _(
            "Een archief van deze peiling is al teruggezet als peiling %(id)s (%(title)s); "
            "verwijder die eerst om een ander archief ervan terug te zetten."
        ) % {"id": copy.pk, "title": copy.title}
    return None


def _units(organisation: Organisation, rows: list[UnitRow], errors: list) -> dict[int, Unit]:
    """Archived unit ids -> units of the organisation (matched by name and kind under the
    same parent, or new), parents first."""
    by_id = {row.id: (i, row) for i, row in enumerate(rows)}
    mapped: dict[int, Unit] = {}

    def place(archived_id: int, seen: tuple = ()) -> Unit | None:
        if archived_id in mapped:
            return mapped[archived_id]
        i, row = by_id[archived_id]
        if row.parent in seen:
            errors.append((("units", i, "parent"), _("kringvormige bovenliggende eenheid")))
            return None
        parent = place(row.parent, (*seen, archived_id)) if row.parent is not None else None
        if row.parent is not None and parent is None:
            return None
        name = row.name.strip()
        found = organisation.units.filter(name=name, kind=row.kind, parent=parent).first()
        if found is None:
            found = Unit(
                organisation=organisation, name=name, kind=row.kind, parent=parent, brin=row.brin
            )
            try:
                found.full_clean(exclude=["organisation", "parent"])
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    errors.append((("units", i, field), " ".join(messages)))
                return None
            found.save()
        mapped[archived_id] = found
        return found

    for archived_id in by_id:
        place(archived_id)
    return mapped


def restore(organisation: Organisation, sealed: bytes, *, threshold: int | None = None) -> Round:
    """A new round in `organisation` from a sealed archive; all or nothing. `threshold` may
    raise the archived round's anonymity threshold, never lower it. ArchiveInvalid for a file
    that does not open or holds anything wrong, ArchiveRefused when its round is here already."""
    payload = read(sealed)
    settings_ = payload.round
    if threshold is not None and threshold < settings_.threshold:
        raise ArchiveInvalid(
            [
                (
                    ("threshold",),
                    _("De drempel kan niet lager dan in het archief (%(k)s).")
                    % {"k": settings_.threshold},
                )
            ],
            at="query",
        )
    framework = FrameworkVersion.objects.filter(
        key=payload.framework.key, number=payload.framework.version
    ).first()
    if framework is None:
        raise ArchiveInvalid(
            [
                (
                    ("framework",),
                    _(
                        "Kader %(key)s versie %(version)s staat niet in deze installatie; "
                        "importeer het eerst."
                    )
                    % {"key": payload.framework.key, "version": payload.framework.version},
                )
            ]
        )
    # The same lock as every write: participants' submits wait for it instead of failing.
    with write_lock(), transaction.atomic():
        if (refused := _refusal(payload)) is not None:
            raise ArchiveRefused(refused)
        errors: list[tuple[Location, str]] = []
        units = _units(organisation, payload.units, errors)
        if errors:
            raise ArchiveInvalid(errors)
        try:
            round_ = create_round(
                organisation=organisation,
                framework=framework,
                title=settings_.title,
                threshold=threshold or settings_.threshold,
                roles=[role.value for role in settings_.roles],
                units=[units[u] for u in settings_.units],
                welcome_text=settings_.welcome_text,
                remarks_level=settings_.remarks_level,
                access=Access.OPEN,  # personal codes are credentials: never archived
                synthetic=settings_.synthetic,
            )
        except ValidationError as error:
            raise ArchiveInvalid(
                [(("round", field), " ".join(m)) for field, m in error.message_dict.items()]
            ) from error
        submissions, hidden = [], []
        for i, row in enumerate(payload.responses):
            unit_id = units[row.unit].pk if row.unit is not None else None
            answers = [AnswerIn(a.theme, a.now, a.wanted, a.remark) for a in row.answers]
            try:
                checked = check_submission(
                    round_=round_, role=row.role.value, unit_id=unit_id, answers=answers
                )
            except SubmissionInvalid as invalid:
                errors += [(("responses", i, *loc), msg) for loc, msg in invalid.errors]
                continue
            submissions.append(Submission(row.role.value, unit_id, row.id, checked))
            hidden += [(row.id, a.theme) for a in row.answers if a.remark_hidden]
        for part in PARTS:
            part.load(round_, getattr(payload.parts, part.key), units, errors)
        if errors:
            raise ArchiveInvalid(errors)
        submit_many(round_=round_, submissions=submissions)
        for key, theme in hidden:
            Remark.objects.filter(
                response__round=round_, response__idempotency_key=key, theme__key=theme
            ).update(hidden=True)
        try:
            with transaction.atomic():
                Round.objects.filter(pk=round_.pk).update(
                    answer_mode=settings_.answer_mode,
                    opens_at=settings_.opens_at,
                    closes_at=settings_.closes_at,
                    closed_at=settings_.closed_at,
                    created_at=settings_.created_at,
                    restored_from=payload.source.code,
                    restored_archive=payload.archive_id,
                )
        except IntegrityError:  # restored at the same moment by another request
            raise ArchiveRefused(_refusal(payload)) from None
    forget_round(round_)  # the cached round still says it is open
    round_.refresh_from_db()
    return round_
