"""Results through the API: the same door as the pages (`selectors`), with a bearer token."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from ninja import Router, Schema, Status
from ninja.errors import HttpError

from visiespiegel.apierrors import responses
from visiespiegel.insights import export, selectors, services
from visiespiegel.organisations.api_auth import TokenAuth
from visiespiegel.rounds.access import round_for
from visiespiegel.rounds.enums import Role

router = Router(tags=["results"], auth=TokenAuth())


class KindOut(Schema):
    counts: dict[str, int]
    mean: float
    consensus: float


class ThemeResultOut(Schema):
    theme: str
    now: KindOut
    wanted: KindOut
    shift: float
    transitions: dict[str, dict[str, int]]


class ProfileOut(Schema):
    now: float
    wanted: float


class ResultsOut(Schema):
    n: int | None
    suppressed: bool
    profile: ProfileOut | None = None
    themes: list[ThemeResultOut] | None = None
    published_at: str | None = None  # when these figures were published (ISO 8601)


class SnapshotOut(Schema):
    number: int
    final: bool
    responses: int
    created_at: datetime


@router.get(
    "/{round_id}/results",
    response=responses({200: ResultsOut}, 401, 404, 422),
    summary="Published figures for a unit (its whole subtree) and role",
    description="Figures come from the round's latest published snapshot (the final one once "
    "the round has closed, or an interim one). A group that anonymity does not allow to show "
    "(too small, derivable from other groups or from an earlier snapshot, or not published) "
    'is exactly {"n": null, "suppressed": true}.',
)
def round_results(request, round_id: int, unit: int | None = None, role: str | None = None):
    round_, _membership = round_for(request.user, round_id)
    if unit is not None and not round_.organisation.units.filter(pk=unit).exists():
        raise Http404
    if role is not None and role not in Role.values:
        raise HttpError(422, "Onbekende rol.")
    published = selectors.results(round_, unit_id=unit, role=role)
    if not published.shown:
        return JsonResponse(selectors.SUPPRESSED)  # no figures at all, not even empty ones
    return published.figures


@router.post(
    "/{round_id}/snapshots",
    response=responses({201: SnapshotOut}, 401, 403, 404, 409, 422),
    summary="Publish an interim snapshot (tussenstand) of an open round",
)
def publish(request, round_id: int):
    round_, _membership = round_for(request.user, round_id, write=True)
    if not round_.is_open():
        return Status(409, {"detail": "De peiling is gesloten; de eindstand is gepubliceerd."})
    return Status(201, services.publish(round_=round_))


@router.get(
    "/{round_id}/export.csv",
    response=responses({}, 401, 404, 422),
    summary="The published figures as one long table (CSV) for data teams",
    description="Header exactly `" + ",".join(export.HEADER) + "`; one row per group (the "
    "whole round with an empty unit_id, then every unit of the tree, each for all roles with "
    "an empty role and for every role) x theme x kind (now, wanted) x model. `shown` is true "
    "or false; a hidden group has empty n, count, mean and consensus. UTF-8 with a byte "
    "order mark; `sep=;` for Dutch Excel. Text that a spreadsheet would run as a formula "
    "starts with an apostrophe.",
    openapi_extra={
        "responses": {"200": {"description": "CSV", "content": {"text/csv": {"schema": {}}}}}
    },
)
def round_export_csv(request, round_id: int, sep: Literal[",", ";"] = ","):
    round_, _membership = round_for(request.user, round_id)
    response = StreamingHttpResponse(
        export.as_csv(round_, separator=sep), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="peiling-{round_.pk}.csv"'
    return response


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get(
    "/{round_id}/export.xlsx",
    response=responses({}, 401, 404, 422),
    summary="The published figures as a workbook",
    description="Sheet `data`: the same long table as export.csv (numbers as numbers, shown as "
    "TRUE/FALSE). Further sheets for people: `themes` (per group and theme: n, means, shift, "
    "consensus, shares per model), `transitions`, `participation` (responses and expected per "
    "unit, responses per role) and `remarks` (those not hidden). A hidden group is a row with "
    "shown FALSE and no numbers.",
    openapi_extra={
        "responses": {"200": {"description": "XLSX", "content": {XLSX: {"schema": {}}}}}
    },
)
def round_export_xlsx(request, round_id: int):
    round_, _membership = round_for(request.user, round_id)
    response = HttpResponse(export.as_xlsx(round_), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="peiling-{round_.pk}.xlsx"'
    return response
