"""The round's reports and downloads page: the PDF report of a group, the spreadsheet and CSV,
and all reports at once as a background job with its progress. The same services as the API
(`report`, `reports`, `export`); every page goes through rounds.access (404 for outsiders).
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from visiespiegel.insights import export, report, reports
from visiespiegel.insights.forms import GroupFilter
from visiespiegel.insights.models import ReportJob
from visiespiegel.rounds.access import round_for
from visiespiegel.rounds.selectors import round_unit


class ReportForm(GroupFilter):
    """Which group's report, in which language."""

    taal = forms.ChoiceField(label=gettext_lazy("Taal van het rapport"), required=False)

    def __init__(self, data, *, round_):
        super().__init__(data, round_=round_)
        self.fields["taal"].choices = settings.LANGUAGES
        self.fields["taal"].initial = translation.get_language()


@login_required
def page(request, round_id: int):
    round_, _membership = round_for(request.user, round_id)
    return render(
        request,
        "insights/downloads.html",
        {
            "round": round_,
            "organisation": round_.organisation,
            "form": ReportForm(None, round_=round_),
            "job": round_.report_jobs.order_by("-created_at").first(),
            "files_days": settings.REPORT_FILES_DAYS,
        },
    )


@login_required
def report_pdf(request, round_id: int):
    round_, _membership = round_for(request.user, round_id)
    form = ReportForm(request.GET, round_=round_)
    if not form.is_valid():
        raise Http404  # a unit or role that is not this round's
    unit_id, role = form.group()
    unit = round_unit(round_, unit_id) if unit_id else None
    language = form.cleaned_data["taal"] or translation.get_language()
    return report.download(round_, unit=unit, role=role, language=language)


@login_required
def spreadsheet(request, round_id: int, kind: str):
    """The workbook ("xlsx") or the long table as CSV, separated by `kind` ("," or ";")."""
    round_, _membership = round_for(request.user, round_id)
    return export.download(round_, kind)


@login_required
@require_POST
def start(request, round_id: int):
    round_, _membership = round_for(request.user, round_id)
    language = request.POST.get("taal")
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language()
    reports.start(round_, language=language)
    messages.success(request, _("De rapporten worden gemaakt. Je kunt deze pagina open laten."))
    return redirect("insights:downloads", round_id=round_.pk)


def _job(request, round_id: int, job_id) -> ReportJob:
    round_, _membership = round_for(request.user, round_id)
    job = round_.report_jobs.filter(pk=job_id).first()
    if job is None:
        raise Http404
    job.round = round_
    return job


@login_required
def job_status(request, round_id: int, job_id):
    """The job's progress: polled by the page while the job runs."""
    job = _job(request, round_id, job_id)
    return render(
        request,
        "insights/_job.html",
        {"job": job, "round": job.round, "files_days": settings.REPORT_FILES_DAYS},
    )


@login_required
def job_download(request, round_id: int, job_id):
    return reports.download(_job(request, round_id, job_id))


@login_required
@require_POST
def job_retry(request, round_id: int, job_id):
    job = _job(request, round_id, job_id)
    reports.retry(job)
    return redirect("insights:downloads", round_id=job.round_id)
