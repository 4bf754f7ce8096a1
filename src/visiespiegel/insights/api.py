"""Results through the API: the same door as the pages (`selectors`), with a bearer token."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from django.conf import settings
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import translation
from ninja import Router, Schema, Status

from visiespiegel.apierrors import located, responses
from visiespiegel.insights import export, report, reports, selectors, services
from visiespiegel.insights.models import JobState, ReportJob
from visiespiegel.organisations.api_auth import TokenAuth
from visiespiegel.rounds.access import round_for
from visiespiegel.rounds.enums import Role
from visiespiegel.rounds.selectors import round_unit

router = Router(tags=["results"], auth=TokenAuth())


def _group(round_, unit: int | None, role: str | None):
    """The unit (one of the round's, else 404) and role (a known one, else 422 located at the
    query parameter, like other validation errors)."""
    found = None
    if unit is not None:
        found = round_unit(round_, unit)
        if found is None:
            raise Http404
    if role is not None and role not in Role.values:
        raise located([(("role",), "Onbekende rol.")], "query")
    return found


def _language(lang: str | None) -> str:
    return lang or translation.get_language() or settings.LANGUAGE_CODE


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
    _group(round_, unit, role)
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
    return export.download(round_, sep)


@router.get(
    "/{round_id}/export.xlsx",
    response=responses({}, 401, 404, 422),
    summary="The published figures as a workbook",
    description="Sheet `data`: the same long table as export.csv (numbers as numbers, shown as "
    "TRUE/FALSE). Further sheets for people: `themes` (per group and theme: n, means, shift, "
    "consensus, shares per model), `transitions`, `participation` (responses and expected per "
    "unit, responses per role), `remarks` (those not hidden) and `about` (round, framework, "
    "threshold, snapshot, and test_data TRUE for a round of made-up answers, whose file names "
    "also say testgegevens). A hidden group is a row with shown FALSE and no numbers.",
    openapi_extra={
        "responses": {"200": {"description": "XLSX", "content": {export.XLSX: {"schema": {}}}}}
    },
)
def round_export_xlsx(request, round_id: int):
    round_, _membership = round_for(request.user, round_id)
    return export.download(round_, "xlsx")


PDF = "application/pdf"


@router.get(
    "/{round_id}/report.pdf",
    response=responses({}, 401, 404, 422),
    summary="The report of a group as a PDF",
    description="A unit with everything below it (none: the whole round), one role or all. "
    "Cover, summary, profile, heat map, a page per theme, comparisons, signals and the "
    "dialogue guide; A4, tagged (PDF/UA-1), fonts embedded. A group that anonymity does not "
    "allow to show gets a one-page report without figures. `lang` is nl or en (default: the "
    "request's language).",
    openapi_extra={"responses": {"200": {"description": "PDF", "content": {PDF: {"schema": {}}}}}},
)
def round_report_pdf(
    request,
    round_id: int,
    unit: int | None = None,
    role: str | None = None,
    lang: Literal["nl", "en"] | None = None,
):
    round_, _membership = round_for(request.user, round_id)
    found = _group(round_, unit, role)
    return report.download(round_, unit=found, role=role, language=_language(lang))


class JobCreated(Schema):
    job: uuid.UUID


class JobOut(Schema):
    state: Literal["queued", "running", "done", "failed"]
    progress: float
    download: str | None


@router.post(
    "/{round_id}/reports",
    response=responses({202: JobCreated}, 401, 404, 422),
    summary="Make the report of every unit, as one ZIP, in the background",
    description="Queues a job for `visiespiegel worker`: a PDF for the whole round and one per "
    "unit (a unit too small to show gets a one-page report without figures). One job per "
    "round at a time: while one is queued or running, this returns that one. Follow it with "
    "GET /jobs/{job}.",
)
def round_reports(request, round_id: int, lang: Literal["nl", "en"] | None = None):
    round_, _membership = round_for(request.user, round_id)
    job = reports.start(round_, language=_language(lang))
    return Status(202, {"job": job.pk})


jobs_router = Router(tags=["results"], auth=TokenAuth())


def job_for(user, job_id: uuid.UUID) -> ReportJob:
    """A job of a round the user may read (404 otherwise)."""
    job = ReportJob.objects.filter(pk=job_id).first()
    if job is None:
        raise Http404
    job.round, _membership = round_for(user, job.round_id)
    return job


@jobs_router.get(
    "/{job_id}",
    response=responses({200: JobOut}, 401, 404, 422),
    summary="State and progress of a background job",
    description="`download` is the URL of the ZIP once the job is done, until its file is "
    "removed (REPORT_FILES_DAYS after it finished); otherwise null.",
)
def job_state(request, job_id: uuid.UUID):
    job = job_for(request.user, job_id)
    download = reverse("api:job_download", kwargs={"job_id": job.pk}) if job.downloadable else None
    return {"state": job.state, "progress": job.progress, "download": download}


@jobs_router.get(
    "/{job_id}/download",
    response=responses({}, 401, 404, 422),
    url_name="job_download",
    summary="The ZIP of a finished job",
    openapi_extra={
        "responses": {"200": {"description": "ZIP", "content": {"application/zip": {"schema": {}}}}}
    },
)
def job_download(request, job_id: uuid.UUID):
    return reports.download(job_for(request.user, job_id))


@jobs_router.post(
    "/{job_id}/retry",
    response=responses({202: JobCreated}, 401, 404, 409, 422),
    summary="Run a failed job again; it keeps the reports it already made",
)
def job_retry(request, job_id: uuid.UUID):
    job = job_for(request.user, job_id)
    if job.state != JobState.FAILED:
        return Status(409, {"detail": "Deze taak is niet mislukt."})
    if reports.retry(job).state == JobState.FAILED:
        return Status(409, {"detail": "Er loopt al een nieuwere taak voor deze peiling."})
    return Status(202, {"job": job.pk})
