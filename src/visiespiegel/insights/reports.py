"""All reports of a round at once: a background job that writes a PDF per unit (and one for the
whole round) into a folder of its own and zips them when all are there.

- One job per round at a time (a database constraint); asking again gives the active job.
- The worker that runs a job holds an exclusive lock on the job's folder. A job that says
  "running" while nobody holds that lock lost its worker (a restart, a crash): `recover` puts
  it back in the queue and the next run resumes, skipping the reports already written.
- Files are removed REPORT_FILES_DAYS after the job finished (`prune`, run by the worker).
- Every report goes through the door (`report.py`); a unit below k gets the one-page report
  that says there are too few answers, never figures.
"""

from __future__ import annotations

import fcntl
import logging
import shutil
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.text import slugify
from django_tasks import task
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from visiespiegel.insights import report, selectors
from visiespiegel.insights.models import ACTIVE_JOB_STATES, JobState, ReportJob
from visiespiegel.organisations.models import Unit
from visiespiegel.organisations.tree import Tree
from visiespiegel.rounds.models import Round
from visiespiegel.rounds.selectors import offered_units

logger = logging.getLogger(__name__)


def folder(job_id) -> Path:
    """Where a job writes its reports one by one."""
    return settings.REPORTS_DIR / str(job_id)


def zip_path(job_id) -> Path:
    return settings.REPORTS_DIR / f"{job_id}.zip"


def download(job: ReportJob) -> FileResponse:
    """The finished ZIP as an attachment; 404 before it is done or after it was removed."""
    if not job.downloadable:
        raise Http404
    name = f"rapporten-{slugify(job.round.title) or job.round_id}.zip"
    return FileResponse(zip_path(job.pk).open("rb"), as_attachment=True, filename=name)


def start(round_: Round, *, language: str) -> ReportJob:
    """Queue the reports of a round, or give the job that is already queued or running."""
    active = ReportJob.objects.filter(round=round_, state__in=ACTIVE_JOB_STATES).first()
    if active:
        return active
    try:
        with transaction.atomic():
            job = ReportJob.objects.create(round=round_, language=language)
            make_reports.enqueue(str(job.pk))
    except IntegrityError:  # another request queued one at the same moment
        return ReportJob.objects.get(round=round_, state__in=ACTIVE_JOB_STATES)
    return job


def retry(job: ReportJob) -> ReportJob:
    """Put a failed job back in the queue; it keeps the reports it already wrote."""
    if job.state != JobState.FAILED:
        return job
    try:
        with transaction.atomic():
            updated = ReportJob.objects.filter(pk=job.pk, state=JobState.FAILED).update(
                state=JobState.QUEUED, error="", finished_at=None
            )
            if updated:
                make_reports.enqueue(str(job.pk))
    except IntegrityError:
        pass  # a newer job of this round is queued or running: this one stays failed
    job.refresh_from_db()
    return job


@task()
def make_reports(job_id: str) -> None:
    """The task the worker runs."""
    job = ReportJob.objects.select_related("round__organisation").filter(pk=job_id).first()
    if job is None or job.state not in ACTIVE_JOB_STATES:
        return
    with _lock(job) as held:
        if not held:
            return  # another worker is on it
        try:
            _run(job)
        except Exception as error:
            logger.exception("report job %s failed", job.pk)
            ReportJob.objects.filter(pk=job.pk).update(
                state=JobState.FAILED, error=str(error)[:500], finished_at=timezone.now()
            )


def _run(job: ReportJob) -> None:
    round_ = job.round
    plan = planned(round_)
    ReportJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING, total=len(plan))
    target = folder(job.pk)
    for done, (name, unit) in enumerate(plan, start=1):
        path = target / name
        if not path.exists():  # a resumed job keeps what it wrote before
            partial = path.with_suffix(".part")
            partial.write_bytes(report.pdf(round_, unit=unit, language=job.language))
            partial.replace(path)
        ReportJob.objects.filter(pk=job.pk).update(done=done)
    archive = zip_path(job.pk)
    partial = archive.with_suffix(".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for name, _unit in plan:
            zipped.write(target / name, arcname=name)  # from disk: memory stays flat
    partial.replace(archive)
    shutil.rmtree(target)
    ReportJob.objects.filter(pk=job.pk).update(state=JobState.DONE, finished_at=timezone.now())


def planned(round_: Round) -> list[tuple[str, Unit | None]]:
    """The reports of a round, as (file name, unit): the whole round first, then every unit of
    the round's published tree that is one of the round's own units (with its name then),
    parents before children."""
    snapshot = selectors.snapshot_publishing_final(round_)
    order = list(Tree(snapshot.parent_map())) if snapshot else []
    units = {unit.pk: unit for unit in offered_units(round_)}
    plan: list[tuple[str, Unit | None]] = [("000-alle-eenheden.pdf", None)]
    for number, unit_id in enumerate((u for u in order if u in units), start=1):
        unit = units[unit_id]
        plan.append((f"{number:03d}-{slugify(unit.name)[:60] or unit.pk}.pdf", unit))
    return plan


@contextmanager
def _lock(job: ReportJob) -> Iterator[bool]:
    """An exclusive lock on the job's folder, held while a worker runs it; the operating
    system releases it when the worker dies, however it dies."""
    target = folder(job.pk)
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(target / ".lock", "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def recover() -> list[ReportJob]:
    """Queue again every job whose worker is gone; returns them."""
    found = []
    for job in ReportJob.objects.filter(state=JobState.RUNNING):
        with _lock(job) as held:
            if not held:
                continue  # its worker is alive
            with transaction.atomic():
                if ReportJob.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
                    state=JobState.QUEUED
                ):
                    make_reports.enqueue(str(job.pk))
                    found.append(job)
    return found


def prune(now=None) -> int:
    """Remove the files of jobs that finished more than REPORT_FILES_DAYS ago, and files
    whose job is gone (its round was deleted)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.REPORT_FILES_DAYS)
    old = ReportJob.objects.filter(finished_at__lt=cutoff, removed_at=None)
    count = 0
    for job in old:
        _remove_files(job.pk)
        count += ReportJob.objects.filter(pk=job.pk).update(removed_at=now)
    if settings.REPORTS_DIR.is_dir():
        known = {str(pk) for pk in ReportJob.objects.values_list("pk", flat=True)}
        for path in settings.REPORTS_DIR.iterdir():
            if path.name.split(".")[0] not in known:
                _remove_files(path.name.split(".")[0])
    return count


def _remove_files(job_id) -> None:
    zip_path(job_id).unlink(missing_ok=True)
    zip_path(job_id).with_suffix(".part").unlink(missing_ok=True)
    shutil.rmtree(folder(job_id), ignore_errors=True)


@receiver(post_delete, sender=ReportJob)
def _job_deleted(sender, instance: ReportJob, **kwargs) -> None:
    """A job goes with its round: its reports go with it."""
    _remove_files(instance.pk)


HOUSEKEEPING_MINUTES = 5


@task()
def housekeeping() -> None:
    """Every few minutes in the worker: requeue jobs that lost their worker, remove old files
    and old task records, and plan the next round of housekeeping."""
    recover()
    prune()
    cutoff = timezone.now() - timedelta(days=settings.REPORT_FILES_DAYS)
    DBTaskResult.objects.filter(finished_at__lt=cutoff).delete()
    schedule_housekeeping(delay=timedelta(minutes=HOUSEKEEPING_MINUTES))


def schedule_housekeeping(delay: timedelta = timedelta(0)) -> None:
    """Plan housekeeping, unless a run is already planned."""
    planned_runs = DBTaskResult.objects.filter(
        task_path=housekeeping.module_path, status=TaskResultStatus.READY
    )
    if not planned_runs.exists():
        housekeeping.using(run_after=timezone.now() + delay).enqueue()
