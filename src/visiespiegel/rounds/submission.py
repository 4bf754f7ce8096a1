"""Writes of answers: checking and submitting a response (one or many, idempotent), revising
and deleting it. The HTML flow, the JSON API and the CLI call these functions."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from visiespiegel.frameworks import cache as framework_cache
from visiespiegel.rounds import codes, tally
from visiespiegel.rounds.enums import (
    REMARK_MAX_LENGTH,
    Access,
    Kind,
    Role,
)
from visiespiegel.rounds.lifecycle import fix_units
from visiespiegel.rounds.models import (
    Answer,
    Invitation,
    Remark,
    Response,
    Round,
)
from visiespiegel.rounds.selectors import (
    default_unit,
    offered_unit_ids,
)
from visiespiegel.text import problem as text_problem
from visiespiegel.write_lock import serialized_write


@dataclass(frozen=True)
class AnswerIn:
    theme: str
    now: str
    wanted: str
    remark: str = ""


class SubmissionInvalid(Exception):
    """Every problem with a submission, each with its location: [(("answers", 2, "now"), msg)]."""

    def __init__(self, errors: list[tuple[tuple, str]]):
        super().__init__("; ".join(f"{'.'.join(map(str, loc))}: {msg}" for loc, msg in errors))
        self.errors = errors


class RoundClosed(Exception):
    pass


@dataclass(frozen=True)
class CheckedAnswer:
    theme_id: int
    now_id: int
    wanted_id: int
    remark: str


def check_submission(
    *, round_: Round, role: str, unit_id: int | None, answers: list[AnswerIn]
) -> list[CheckedAnswer]:
    """Every problem with a submission at once; no database reads for a cached round."""
    errors: list[tuple[tuple, str]] = []
    if role not in round_.roles:
        errors.append((("role",), _("Onbekende rol voor deze peiling.")))
    offered = offered_unit_ids(round_)
    if unit_id is None:
        if offered and role in Role.values and Role(role).at_school:
            errors.append((("unit",), _("Kies een school of eenheid.")))
    elif unit_id not in offered:
        errors.append((("unit",), _("Deze eenheid hoort niet bij deze peiling.")))

    keys = framework_cache.keys(round_.framework)
    themes, models = keys.themes, keys.models
    checked: list[CheckedAnswer] = []
    seen: set[str] = set()
    for index, answer in enumerate(answers):
        theme = themes.get(answer.theme)
        if theme is None:
            errors.append((("answers", index, "theme"), _("Onbekend thema.")))
        elif answer.theme in seen:
            errors.append((("answers", index, "theme"), _("Dit thema staat er twee keer in.")))
        seen.add(answer.theme)
        for field in ("now", "wanted"):
            if getattr(answer, field) not in models:
                errors.append((("answers", index, field), _("Onbekend model.")))
        if (found := text_problem(answer.remark)) is not None:
            errors.append(
                (("answers", index, "remark"), _("De opmerking %(problem)s.") % {"problem": found})
            )
        elif len(answer.remark) > REMARK_MAX_LENGTH:
            errors.append(
                (
                    ("answers", index, "remark"),
                    _("Een opmerking is hoogstens %(max)s tekens.") % {"max": REMARK_MAX_LENGTH},
                )
            )
        if theme and answer.now in models and answer.wanted in models:
            checked.append(
                CheckedAnswer(
                    theme, models[answer.now], models[answer.wanted], answer.remark.strip()
                )
            )
    missing = [key for key in themes if key not in seen]
    if missing:
        errors.append(
            (("answers",), _("Ontbrekende thema's: %(themes)s.") % {"themes": ", ".join(missing)})
        )
    if errors:
        raise SubmissionInvalid(errors)
    return checked


def _use_invitation(round_: Round, code: str, unit_id: int | None) -> None:
    """Mark a personal code used (one statement), or refuse the submission."""
    used = (
        Invitation.objects.filter(round=round_, digest=codes.digest(codes.normalise_code(code)))
        .filter(used=False)
        .filter(models.Q(unit__isnull=True) | models.Q(unit_id=unit_id))
        .update(used=True)
    )
    if not used:
        raise SubmissionInvalid(
            [
                (
                    ("invitation",),
                    _(
                        "Deze persoonlijke code is onbekend, al gebruikt of hoort bij een "
                        "andere school."
                    ),
                )
            ]
        )


# Answer rows per INSERT: 6 parameters each stays below SQLite's 32,766.
ANSWER_BATCH = 5000


def _write_answers(written: list[tuple[int, list[CheckedAnswer]]], round_id: int) -> None:
    """The answers of (response id, checked answers) pairs: one multi-row INSERT for a
    submission, one per 5,000 rows in bulk (plain SQL: the ORM's per-object work would cost
    ten times the database's)."""
    rows = [
        (response_id, a.theme_id, kind, model_id)
        for response_id, answers in written
        for a in answers
        for kind, model_id in ((Kind.NOW.value, a.now_id), (Kind.WANTED.value, a.wanted_id))
    ]
    table = Answer._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(rows), ANSWER_BATCH):
            batch = rows[start : start + ANSWER_BATCH]
            # The round id once: a submission's 49 parameters stay within what psycopg
            # keeps its parsed form of (50).
            values = ", ".join(["(%s, %s, %s, %s)"] * len(batch))
            cursor.execute(
                f"INSERT INTO {table} (response_id, round_id, theme_id, kind, model_id, weight) "  # noqa: S608
                f"SELECT column1, %s, column2, column3, column4, 1 FROM (VALUES {values}) AS new",
                [round_id, *(value for row in batch for value in row)],
            )


def _write_remarks(response: Response, answers: list[CheckedAnswer]) -> None:
    """Store the remarks; one unchanged since an earlier submission keeps its row (and with it
    a coordinator's decision to hide it)."""
    wanted = {a.theme_id: a.remark for a in answers if a.remark}
    existing = {r.theme_id: r for r in response.remarks.all()} if response.version > 1 else {}
    stale = [r.pk for t, r in existing.items() if wanted.get(t) != r.text]
    if stale:
        Remark.objects.filter(pk__in=stale).delete()
    Remark.objects.bulk_create(
        Remark(response=response, theme_id=theme_id, text=text)
        for theme_id, text in wanted.items()
        if theme_id not in existing or existing[theme_id].text != text
    )


@serialized_write
def submit_response(
    *,
    round_: Round,
    role: str,
    unit_id: int | None,
    answers: list[AnswerIn],
    idempotency_key: uuid.UUID,
    invitation: str = "",
) -> tuple[Response, str, bool]:
    """Store a response once per idempotency key: (response, edit token, created).

    The success path is four statements at most: the response (the insert itself checks that
    the round is open and skips a key it has seen), its answers, its remarks if any, and the
    tally. A retry with the same key, also one racing the first, returns the stored response.
    A round with personal codes takes one unused code (`invitation`) per response; the code is
    marked used in the same transaction, and nothing records which response used it.
    """
    unit_id = default_unit(round_, role, unit_id)
    checked = check_submission(round_=round_, role=role, unit_id=unit_id, answers=answers)
    submission = Submission(role, unit_id, idempotency_key, checked)
    with transaction.atomic():
        inserted = _insert_responses(round_, [submission])
        if not inserted:  # seen before, or the round is not open
            existing = Response.objects.filter(round=round_, idempotency_key=idempotency_key)
            if found := existing.first():
                return found, submission.token(round_), False
            raise RoundClosed
        response = inserted[0]
        if round_.access == Access.PERSONAL:
            _use_invitation(round_, invitation, unit_id)
        _write_answers([(response.pk, checked)], round_.pk)
        _write_remarks(response, checked)
        tally.add(round_.pk, Counter(tally.cells(unit_id, role, checked)))
        if round_.units_fixed_at is None:  # the first answer of a round opened on its clock
            fix_units(round_=round_)
    return response, submission.token(round_), True


@dataclass(frozen=True)
class Submission:
    """One checked response on its way in."""

    role: str
    unit_id: int | None
    idempotency_key: uuid.UUID
    answers: list[CheckedAnswer]

    def token(self, round_: Round) -> str:
        """The private edit token: derived from the key, so a retry gets the same one."""
        return codes.edit_token(settings.SECRET_KEY, round_.pk, str(self.idempotency_key))


# Rows per INSERT: 8 parameters each stays far below SQLite's 32,766 and PostgreSQL's 65,535.
INSERT_BATCH = 500


def _insert_responses(round_: Round, submissions: list[Submission]) -> list[Response]:
    """INSERT ... SELECT ... WHERE the round is open ... ON CONFLICT DO NOTHING RETURNING:
    one statement per batch that also refuses a closed round and skips known idempotency
    keys. Returns the responses it stored, in the order given."""
    now = timezone.now()
    fields = {f.name: f for f in Response._meta.concrete_fields}
    moment = fields["submitted_at"].get_db_prep_value(now, connection)
    columns = (
        "round_id, role, unit_id, idempotency_key, version, edit_token_digest, "
        "submitted_at, updated_at"
    )
    table, rounds = Response._meta.db_table, Round._meta.db_table
    stored: dict[uuid.UUID, Response] = {}
    for start in range(0, len(submissions), INSERT_BATCH):
        batch = submissions[start : start + INSERT_BATCH]
        responses = {
            s.idempotency_key: Response(
                round=round_,
                role=s.role,
                unit_id=s.unit_id,
                idempotency_key=s.idempotency_key,
                version=1,
                edit_token_digest=codes.digest(s.token(round_)),
                submitted_at=now,
                updated_at=now,
            )
            for s in batch
        }
        params = [
            value
            for r in responses.values()
            for value in (
                round_.pk,
                r.role,
                r.unit_id,
                fields["idempotency_key"].get_db_prep_value(r.idempotency_key, connection),
                1,
                r.edit_token_digest,
                moment,
                moment,
            )
        ]
        # The cast types an all-NULL unit column for PostgreSQL; the rest type themselves.
        rows = ", ".join(["(%s, %s, CAST(%s AS bigint), %s, %s, %s, %s, %s)"] * len(responses))
        sql = (
            f"INSERT INTO {table} ({columns}) SELECT * FROM (VALUES {rows}) AS new "  # noqa: S608
            f"WHERE EXISTS (SELECT 1 FROM {rounds} WHERE id = %s AND closed_at IS NULL "
            "AND (opens_at IS NULL OR opens_at <= %s) AND (closes_at IS NULL OR closes_at > %s)) "
            "ON CONFLICT (round_id, idempotency_key) DO NOTHING RETURNING id, idempotency_key"
        )
        key_field = fields["idempotency_key"]
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, round_.pk, moment, moment])
            for pk, key in cursor.fetchall():
                response = responses[key_field.to_python(key)]
                response.pk = pk
                stored[response.idempotency_key] = response
    return [stored[s.idempotency_key] for s in submissions if s.idempotency_key in stored]


@serialized_write
def submit_many(*, round_: Round, submissions: list[Submission]) -> int:
    """Store checked responses in bulk (test data, imports): the same inserts as
    `submit_response`, a batch at a time, with one tally update. Keys seen before are
    skipped, so repeating a call adds nothing. Returns how many were stored."""
    with transaction.atomic():
        stored = _insert_responses(round_, submissions)
        if not stored and submissions and not round_.is_open():
            raise RoundClosed
        by_key = {s.idempotency_key: s for s in submissions}
        written = [(r.pk, by_key[r.idempotency_key].answers) for r in stored]
        _write_answers(written, round_.pk)
        Remark.objects.bulk_create(
            Remark(response_id=pk, theme_id=a.theme_id, text=a.remark)
            for pk, answers in written
            for a in answers
            if a.remark
        )
        counted: Counter = Counter()
        for response in stored:
            counted.update(
                tally.cells(
                    response.unit_id, response.role, by_key[response.idempotency_key].answers
                )
            )
        tally.add(round_.pk, counted)
        if stored and round_.units_fixed_at is None:
            fix_units(round_=round_)
    return len(stored)


@serialized_write
@transaction.atomic
def revise_response(*, response: Response, answers: list[AnswerIn]) -> Response:
    """Replace a response's answers while its round is open. Role and unit stay as they were:
    a revision changes what one person said, never which groups they count in."""
    round_ = response.round
    if not round_.is_open():
        raise RoundClosed
    checked = check_submission(
        round_=round_, role=response.role, unit_id=response.unit_id, answers=answers
    )
    response = Response.objects.select_for_update().get(pk=response.pk)
    old: dict[int, dict[str, int]] = {}
    for theme_id, kind, model_id in response.answers.values_list("theme_id", "kind", "model_id"):
        old.setdefault(theme_id, {})[kind] = model_id
    before = [
        CheckedAnswer(theme, chosen[Kind.NOW], chosen[Kind.WANTED], "")
        for theme, chosen in old.items()
        if Kind.NOW in chosen and Kind.WANTED in chosen
    ]
    response.version += 1
    response.save(update_fields=["version", "updated_at"])
    response.answers.all().delete()
    _write_answers([(response.pk, checked)], round_.pk)
    _write_remarks(response, checked)
    counted = Counter(tally.cells(response.unit_id, response.role, checked))
    counted.subtract(tally.cells(response.unit_id, response.role, before))
    tally.add(round_.pk, counted)
    return response


@serialized_write
@transaction.atomic
def delete_response(*, response: Response) -> None:
    """Remove one response with its answers and remarks, and take it out of the tally."""
    response = Response.objects.select_for_update().get(pk=response.pk)
    chosen: dict[int, dict[str, int]] = {}
    for theme_id, kind, model_id in response.answers.values_list("theme_id", "kind", "model_id"):
        chosen.setdefault(theme_id, {})[kind] = model_id
    answered = [
        CheckedAnswer(theme, models[Kind.NOW], models[Kind.WANTED], "")
        for theme, models in chosen.items()
        if Kind.NOW in models and Kind.WANTED in models
    ]
    counted: Counter = Counter()
    counted.subtract(tally.cells(response.unit_id, response.role, answered))
    tally.add(response.round_id, counted)
    response.delete()
