"""Participant and coordinator endpoints for rounds; the same services as the HTML pages."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from visiespiegel.apierrors import located, responses
from visiespiegel.organisations.access import check_role, organisation_for
from visiespiegel.organisations.api_auth import TokenAuth
from visiespiegel.rounds import archive, entry, lifecycle, submission
from visiespiegel.rounds.access import round_for
from visiespiegel.rounds.enums import MIN_THRESHOLD, Role
from visiespiegel.rounds.models import Round
from visiespiegel.rounds.selectors import (
    cells_by_theme,
    offered_units,
    participation,
    role_choices,
    round_offers_units,
    themes_of,
)
from visiespiegel.text import SafeStr

join_router = Router(tags=["participation"])
rounds_router = Router(tags=["rounds"], auth=TokenAuth())
archives_router = Router(tags=["rounds"], auth=TokenAuth())


class RoundOut(Schema):
    id: int
    title: str
    open: bool
    threshold: int
    access: str  # "open", or "persoonlijk": every response needs an unused personal code
    synthetic: bool  # test data: made-up answers (demo, training, benchmark)


class KeyLabel(Schema):
    key: str
    label: str


class UnitOut(Schema):
    id: int
    name: str


class OptionOut(Schema):
    model: str
    stance: str
    belief: str
    teacher: str
    school: str
    # Per audience: {"stance", "explanation"}, an adaptation in plain language.
    audiences: dict[str, dict[str, str]]


class ThemeOut(Schema):
    key: str
    label: str
    options: list[OptionOut]
    audiences: dict[str, dict[str, str]]  # per audience: {"label"} and for partners {"note"}


class RoleOut(KeyLabel):
    # Whose wording of the framework this role reads (options[].audiences), or null: the
    # framework's own text.
    audience: str | None
    # False for roles beyond one school (swv staff, gemeente, care partners, board): they may
    # answer for the whole samenwerkingsverband (unit null) or a board.
    unit_required: bool


class JoinOut(Schema):
    round: RoundOut
    roles: list[RoleOut]
    units: list[UnitOut]
    themes: list[ThemeOut]


class AnswerIn(Schema):
    theme: SafeStr
    now: SafeStr
    wanted: SafeStr
    remark: SafeStr = ""


class ResponseIn(Schema):
    idempotency_key: uuid.UUID
    role: SafeStr
    unit: int | None = None
    answers: list[AnswerIn]
    invitation: SafeStr = ""  # the personal code, for a round with personal codes


class ResponseOut(Schema):
    id: int
    edit_token: str


def _round_at_entry(request, code: str) -> Round:
    try:
        return entry.round_for_code(request, code)
    except entry.TooManyTries:
        raise HttpError(
            429, "Te veel onbekende codes geprobeerd; probeer het over een minuut."
        ) from None
    except entry.UnknownCode:
        raise HttpError(404, "Onbekende code.") from None


def _round_out(round_: Round) -> dict:
    return {
        "id": round_.pk,
        "title": round_.title,
        "open": round_.is_open(),
        "threshold": round_.threshold,
        "access": round_.access,
        "synthetic": round_.synthetic,
    }


@join_router.get(
    "/{code}",
    response=responses({200: JoinOut}, 404, 429),
    summary="What a participant needs to answer a round",
)
def join(request, code: str):
    round_ = _round_at_entry(request, code)
    cells = cells_by_theme(round_)
    return {
        "round": _round_out(round_),
        "roles": [
            {
                "key": key,
                "label": str(label),
                "audience": Role(key).audience,
                "unit_required": Role(key).at_school and round_offers_units(round_),
            }
            for key, label in role_choices(round_)
        ],
        "units": [{"id": u.pk, "name": u.name} for u in offered_units(round_)],
        "themes": [
            {
                "key": theme.key,
                "label": theme.label,
                "options": [
                    {
                        "model": c.model.key,
                        "stance": c.stance,
                        "belief": c.belief,
                        "teacher": c.teacher,
                        "school": c.school,
                        "audiences": c.audiences,
                    }
                    for c in cells[theme.key]
                ],
                "audiences": theme.audiences,
            }
            for theme in themes_of(round_)
        ],
    }


@join_router.post(
    "/{code}/responses",
    response=responses({200: ResponseOut, 201: ResponseOut}, 400, 404, 409, 413, 415, 422, 429),
    summary="Submit a response (idempotent per idempotency_key)",
)
def submit(request, code: str, payload: ResponseIn):
    round_ = _round_at_entry(request, code)
    try:
        response, token, created = submission.submit_response(
            round_=round_,
            role=payload.role,
            unit_id=payload.unit,
            answers=[submission.AnswerIn(**a.dict()) for a in payload.answers],
            idempotency_key=payload.idempotency_key,
            invitation=payload.invitation,
        )
    except submission.RoundClosed:
        return Status(
            409, {"detail": "Deze peiling is gesloten; er kunnen geen antwoorden meer bij."}
        )
    except submission.SubmissionInvalid as error:
        raise located(error.errors, "body", "payload") from None
    return Status(201 if created else 200, {"id": response.pk, "edit_token": token})


class RoundSummary(RoundOut):
    code: str
    organisation: str
    responses: int


class CountOut(Schema):
    label: str
    responses: int


class UnitCountOut(CountOut):
    id: int
    expected: int | None
    over_expected: bool  # more responses than expected: the group may have been padded


class ParticipationOut(Schema):
    round: RoundSummary
    by_unit: list[UnitCountOut]
    by_role: list[CountOut]


@rounds_router.get(
    "", response=responses({200: list[RoundSummary]}, 401), summary="Rounds of your organisations"
)
def round_list(request):
    rounds = (
        Round.objects.for_user(request.user).select_related("organisation").with_response_counts()
    )
    return [_summary(r, r.responses_count) for r in rounds]


def _summary(round_: Round, responses: int) -> dict:
    return {
        **_round_out(round_),
        "code": round_.code,
        "organisation": round_.organisation.slug,
        "responses": responses,
    }


@rounds_router.get(
    "/{round_id}/participation",
    response=responses({200: ParticipationOut}, 401, 404, 422),
    summary="Participation counts per unit and role",
)
def round_participation(request, round_id: int):
    round_, _membership = round_for(request.user, round_id)
    counts = participation(round_)
    return {
        "round": _summary(round_, counts.total),
        "by_unit": [
            {
                "id": row.unit.pk,
                "label": row.unit.name,
                "responses": row.responses,
                "expected": row.expected,
                "over_expected": row.over,
            }
            for row in counts.by_unit
        ],
        "by_role": [{"label": str(label), "responses": n} for label, n in counts.by_role],
    }


class CreatedOut(Schema):
    id: int


@rounds_router.get(
    "/{round_id}/archive",
    response=responses({}, 401, 403, 404, 409, 422),
    summary="The whole round as a sealed archive (backup, or to move it)",
    description="An opaque file (`.vsarchive`, application/octet-stream): the round's "
    "framework version, settings and threshold, the units involved and every response, "
    "compressed and encrypted with this installation's archive key (ARCHIVE_KEY). Nobody can "
    "read the answers in it; only an installation with the same key restores it "
    "(POST /archives). For managers of the organisation (others get 403). 409 once the raw "
    "answers are deleted.",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The sealed archive",
                "content": {
                    archive.CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}}
                },
            }
        }
    },
)
def round_archive(request, round_id: int):
    round_, membership = round_for(request.user, round_id)
    check_role(membership, manage=True)
    if round_.answers_deleted_at:
        return Status(409, {"detail": str(lifecycle.ANSWERS_GONE)})
    response = HttpResponse(
        archive.seal(archive.archive(round_)), content_type=archive.CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{archive.file_name(round_)}"'
    return response


@archives_router.post(
    "",
    response=responses({201: CreatedOut}, 401, 403, 404, 409, 413, 422),
    summary="Restore a sealed archive as a new round in one of your organisations",
    description="The body is the file from GET /rounds/{id}/archive as it is "
    "(application/octet-stream). A new round (new code, closed if the archived one was) with "
    "the archived threshold; `threshold` may raise it, never lower it. The file must have "
    "been made with this installation's archive key, and its framework version must be here. "
    'For managers. All or nothing: 422 lists every problem with its location (`["body"]` '
    "for a file that does not open); 409 when the archived round is still in this "
    "installation or was restored here before (its responses would count twice).",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {archive.CONTENT_TYPE: {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
def archive_restore(
    request,
    organisation: str,
    threshold: int | None = Query(None, ge=MIN_THRESHOLD, le=32767),
):
    target, _membership = organisation_for(request.user, organisation, manage=True)
    try:
        round_ = archive.restore(target, request.body, threshold=threshold)
    except archive.ArchiveInvalid as invalid:
        raise located(invalid.errors, invalid.at) from None
    except archive.ArchiveRefused as refused:
        return Status(409, {"detail": str(refused)})
    return Status(201, {"id": round_.pk})
