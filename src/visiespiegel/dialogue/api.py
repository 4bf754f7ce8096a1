"""The ambition, the risk plan and the vision text through the API: the same services as the
pages, with a bearer token. Readers (lezer) read; coordinators and managers also write."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.http import Http404
from ninja import Router, Schema, Status

from visiespiegel.apierrors import ObjectBody, located, responses
from visiespiegel.dialogue import selectors, services, vision
from visiespiegel.dialogue.models import Measure
from visiespiegel.organisations.api_auth import TokenAuth
from visiespiegel.rounds.access import round_for
from visiespiegel.rounds.selectors import round_unit
from visiespiegel.text import SafeStr

rounds_router = Router(tags=["dialogue"], auth=TokenAuth())
measures_router = Router(tags=["dialogue"], auth=TokenAuth())

StatusKey = Literal["open", "bezig", "gedaan"]


class ChoiceIn(Schema):
    theme: SafeStr
    model: SafeStr
    rationale: SafeStr = ""
    # Who decided this theme and when; left out: the request's decided_by and decided_at.
    decided_by: SafeStr | None = None
    decided_at: date | None = None


class AmbitionIn(ObjectBody):
    unit: int | None = None
    choices: list[ChoiceIn]
    # A body such as "MR" or "directieoverleg" (no personal data), and the day: for the themes
    # whose model or rationale this request changes.
    decided_by: SafeStr = ""
    decided_at: date | None = None


class ChoiceOut(Schema):
    theme: str
    model: str
    rationale: str
    decided_by: str
    decided_at: date


class AmbitionOut(Schema):
    unit: int | None
    choices: list[ChoiceOut]


class RiskIn(Schema):
    model: SafeStr
    level: SafeStr
    text: SafeStr


class MeasureIn(ObjectBody):
    unit: int | None = None
    risk: RiskIn
    what: SafeStr
    who: SafeStr = ""
    due: date | None = None
    status: SafeStr = "open"
    evidence: SafeStr = ""


class MeasurePatch(ObjectBody):
    what: SafeStr | None = None
    who: SafeStr | None = None
    due: date | None = None
    status: SafeStr | None = None
    evidence: SafeStr | None = None


class MeasureOut(Schema):
    id: int
    unit: int | None
    risk: RiskIn
    what: str
    who: str
    due: date | None
    status: StatusKey
    evidence: str
    done_at: datetime | None


class CreatedOut(Schema):
    id: int


def _unit(round_, unit_id: int | None):
    if unit_id is None:
        return None
    found = round_unit(round_, unit_id)
    if found is None:
        raise Http404
    return found


def _ambition(round_, unit) -> dict:
    return {
        "unit": unit.pk if unit else None,
        "choices": [
            {
                "theme": key,
                "model": c.model.key,
                "rationale": c.rationale,
                "decided_by": c.decided_by,
                "decided_at": c.decided_at,
            }
            for key, c in selectors.current_choices(round_, unit).items()
        ],
    }


@rounds_router.get(
    "/{round_id}/ambition",
    response=responses({200: AmbitionOut}, 401, 404, 422),
    summary="The group's ambition: the chosen model per theme",
)
def get_ambition(request, round_id: int, unit: int | None = None):
    round_, _membership = round_for(request.user, round_id)
    return _ambition(round_, _unit(round_, unit))


@rounds_router.put(
    "/{round_id}/ambition",
    response=responses({200: AmbitionOut}, 400, 401, 403, 404, 413, 415, 422),
    summary="Record the group's choice per theme (kept with its history)",
    description="Themes left out keep their choice. A theme whose model and rationale are "
    "unchanged keeps its decision and who made it: the request's `decided_by` and "
    "`decided_at` apply only to themes that change, so repeating the request changes nothing. "
    "A choice's own `decided_by` or `decided_at`, when it differs from the current one, "
    "records a new decision for that theme alone. Unknown themes or models: 422, nothing "
    "stored.",
)
def put_ambition(request, round_id: int, payload: AmbitionIn):
    round_, _membership = round_for(request.user, round_id, write=True)
    unit = _unit(round_, payload.unit)
    try:
        services.set_choices(
            round_=round_,
            unit=unit,
            choices=[services.ChoiceIn(**c.dict()) for c in payload.choices],
            decided_by=payload.decided_by,
            decided_at=payload.decided_at,
        )
    except services.Invalid as error:
        raise located(error.errors, "body") from None
    return _ambition(round_, unit)


def _measure_out(m: Measure) -> dict:
    return {
        "id": m.pk,
        "unit": m.unit_id,
        "risk": {"model": m.risk.model.key, "level": m.risk.level, "text": m.risk.text},
        "what": m.what,
        "who": m.who,
        "due": m.due,
        "status": m.status,
        "evidence": m.evidence,
        "done_at": m.done_at,
    }


@rounds_router.post(
    "/{round_id}/measures",
    response=responses({201: CreatedOut}, 400, 401, 403, 404, 413, 415, 422),
    summary="Add a measure against one risk of the framework",
    description="`risk` names a risk of the round's framework by its model key, level "
    "(leerling, leraar, school, regio) and exact text; status is open, bezig or gedaan.",
)
def add_measure(request, round_id: int, payload: MeasureIn):
    round_, _membership = round_for(request.user, round_id, write=True)
    unit = _unit(round_, payload.unit)
    data = services.MeasureIn(
        what=payload.what,
        who=payload.who,
        due=payload.due,
        status=payload.status,
        evidence=payload.evidence,
    )
    risk = (payload.risk.model, payload.risk.level, payload.risk.text)
    try:
        measure = services.add_measure(round_=round_, unit=unit, risk=risk, data=data)
    except services.Invalid as error:
        raise located(error.errors, "body") from None
    return Status(201, {"id": measure.pk})


@rounds_router.get(
    "/{round_id}/measures",
    response=responses({200: list[MeasureOut]}, 401, 404, 422),
    summary="The risk plan: every measure of a group",
)
def list_measures(request, round_id: int, unit: int | None = None):
    round_, _membership = round_for(request.user, round_id)
    return [_measure_out(m) for m in selectors.measures(round_, _unit(round_, unit))]


@measures_router.patch(
    "/{measure_id}",
    response=responses({200: MeasureOut}, 400, 401, 403, 404, 413, 415, 422),
    summary="Change a measure (what, who, due, status, evidence)",
)
def patch_measure(request, measure_id: int, payload: MeasurePatch):
    measure = Measure.objects.select_related("risk__model").filter(pk=measure_id).first()
    if measure is None:
        raise Http404
    round_for(request.user, measure.round_id, write=True)
    try:
        services.update_measure(measure=measure, changes=payload.model_dump(exclude_unset=True))
    except services.Invalid as error:
        raise located(error.errors, "body") from None
    return _measure_out(measure)


@rounds_router.get(
    "/{round_id}/vision",
    response=responses({}, 401, 404, 422),
    summary="The vision text with the risk plan, as Markdown or DOCX",
    openapi_extra={
        "responses": {
            "200": {
                "description": "Markdown or DOCX",
                "content": {"text/markdown": {"schema": {}}, vision.DOCX: {"schema": {}}},
            }
        }
    },
)
def get_vision(
    request, round_id: int, format: Literal["md", "docx"] = "md", unit: int | None = None
):
    round_, _membership = round_for(request.user, round_id)
    return vision.download(round_, _unit(round_, unit), format)
