"""All reports of a round as one ZIP, made by a background job: one job per round, progress and
download through the API and the page, a unit below k without figures, recovery of a job whose
worker died, retry of a failed job, files removed after REPORT_FILES_DAYS."""

import io
import zipfile
from datetime import timedelta

import pypdf
import pytest
from django.utils import timezone

from tests.conftest import add_responses
from visiespiegel.insights import reports
from visiespiegel.insights.models import JobState, ReportJob
from visiespiegel.organisations.services import create_token
from visiespiegel.rounds.lifecycle import close_round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def reports_dir(settings, tmp_path):
    settings.REPORTS_DIR = tmp_path / "reports"
    return settings.REPORTS_DIR


@pytest.fixture
def closed_round(round_):
    add_responses(round_, 12)
    add_responses(round_, 2, unit="Het Kompas")
    close_round(round_=round_)
    return round_


@pytest.fixture
def api(client, alice):
    token = create_token(user=alice)

    def call(method, path, **params):
        send = getattr(client, method)
        return send(f"/api/v1{path}", params, HTTP_AUTHORIZATION=f"Bearer {token}")

    return call


def run(job_id) -> None:
    reports.make_reports.call(str(job_id))


def test_a_job_through_the_api(api, closed_round):
    started = api("post", f"/rounds/{closed_round.pk}/reports")
    assert started.status_code == 202
    job_id = started.json()["job"]
    # One job per round at a time: asking again gives the same one.
    assert api("post", f"/rounds/{closed_round.pk}/reports").json()["job"] == job_id
    assert api("get", f"/jobs/{job_id}").json() == {
        "state": "queued",
        "progress": 0.0,
        "download": None,
    }
    run(job_id)
    state = api("get", f"/jobs/{job_id}").json()
    assert state["state"] == "done" and state["progress"] == 1.0
    assert state["download"] == f"/api/v1/jobs/{job_id}/download"
    download = api("get", f"/jobs/{job_id}/download")
    assert download.status_code == 200
    assert "rapporten-studiedag.zip" in download["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    units = closed_round.organisation.units.count()
    assert len(archive.namelist()) == 1 + units
    assert archive.namelist()[0] == "000-alle-eenheden.pdf"
    kompas = next(n for n in archive.namelist() if n.endswith("het-kompas.pdf"))
    pages = pypdf.PdfReader(io.BytesIO(archive.read(kompas))).pages
    assert len(pages) == 1 and "Te weinig antwoorden" in pages[0].extract_text()
    # A new job once the first is done.
    assert api("post", f"/rounds/{closed_round.pk}/reports").json()["job"] != job_id


def test_api_errors(api, client, closed_round, bob):
    job = reports.start(closed_round, language="nl")
    assert client.get(f"/api/v1/jobs/{job.pk}").status_code == 401
    bobs = create_token(user=bob)
    assert (
        client.get(f"/api/v1/jobs/{job.pk}", HTTP_AUTHORIZATION=f"Bearer {bobs}").status_code == 404
    )
    assert api("get", "/jobs/00000000-0000-0000-0000-000000000000").status_code == 404
    assert api("get", "/jobs/not-a-uuid").status_code == 422
    assert api("get", f"/jobs/{job.pk}/download").status_code == 404  # not done yet
    assert api("post", f"/jobs/{job.pk}/retry").status_code == 409  # not failed
    assert api("post", "/rounds/999999/reports").status_code == 404


def test_a_job_whose_worker_died_is_queued_again_and_resumes(closed_round, reports_dir):
    job = reports.start(closed_round, language="en")
    plan = reports.planned(closed_round)
    # A worker wrote two reports, then died (nobody holds the job's lock any more).
    ReportJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING, done=2, total=len(plan))
    folder = reports.folder(job.pk)
    folder.mkdir(parents=True)
    for name, _unit in plan[:2]:
        (folder / name).write_bytes(b"%PDF- written before the restart")
    assert reports.recover() == [job]
    job.refresh_from_db()
    assert job.state == JobState.QUEUED
    run(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.DONE
    archive = zipfile.ZipFile(reports.zip_path(job.pk))
    assert archive.read(plan[0][0]) == b"%PDF- written before the restart"  # kept, not redone
    assert archive.read(plan[2][0]).startswith(b"%PDF-1.7")
    assert not folder.exists()  # the single reports are gone once zipped


def test_a_running_job_with_a_live_worker_is_left_alone(closed_round):
    job = reports.start(closed_round, language="nl")
    ReportJob.objects.filter(pk=job.pk).update(state=JobState.RUNNING)
    with reports._lock(job) as held:
        assert held
        assert reports.recover() == []
        run(job.pk)  # a second worker does not run it either
    job.refresh_from_db()
    assert job.state == JobState.RUNNING and job.done == 0


def test_a_failed_job_can_be_retried(closed_round, monkeypatch):
    job = reports.start(closed_round, language="nl")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(reports.report, "pdf", broken)
    run(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and "disk full" in job.error
    monkeypatch.undo()
    assert reports.retry(job).state == JobState.QUEUED
    run(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.error == ""


def test_a_failed_job_waits_while_a_newer_one_runs(api, closed_round):
    failed = reports.start(closed_round, language="nl")
    ReportJob.objects.filter(pk=failed.pk).update(state=JobState.FAILED)
    newer = reports.start(closed_round, language="nl")
    assert newer.pk != failed.pk
    assert api("post", f"/jobs/{failed.pk}/retry").status_code == 409
    failed.refresh_from_db()
    assert failed.state == JobState.FAILED


def test_reports_go_with_their_round(closed_round, reports_dir):
    from visiespiegel.rounds.lifecycle import delete_round

    job = reports.start(closed_round, language="nl")
    run(job.pk)
    assert reports.zip_path(job.pk).exists()
    stray = reports_dir / "00000000-0000-0000-0000-000000000000.zip"
    stray.write_bytes(b"left behind")
    delete_round(round_=closed_round)
    assert not reports.zip_path(job.pk).exists()
    reports.prune()  # files whose job is gone
    assert not stray.exists()


def test_files_are_removed_after_the_retention_days(api, closed_round, settings):
    job = reports.start(closed_round, language="nl")
    run(job.pk)
    assert reports.prune() == 0
    later = timezone.now() + timedelta(days=settings.REPORT_FILES_DAYS, minutes=1)
    assert reports.prune(now=later) == 1
    assert not reports.zip_path(job.pk).exists()
    state = api("get", f"/jobs/{job.pk}").json()
    assert state == {"state": "done", "progress": 1.0, "download": None}


def test_housekeeping_plans_itself_once(closed_round):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    reports.schedule_housekeeping()
    reports.schedule_housekeeping()
    planned = DBTaskResult.objects.filter(task_path=reports.housekeeping.module_path)
    assert planned.count() == 1
    planned.update(status=TaskResultStatus.RUNNING)  # a worker took it
    reports.housekeeping.call()
    assert planned.filter(status=TaskResultStatus.READY).count() == 1  # the next run


def test_the_page_shows_progress_and_the_download(client, closed_round, rita):
    client.force_login(rita)
    base = f"/peilingen/{closed_round.pk}/rapporten"
    page = client.get(f"{base}/")
    assert b"Maak de rapporten van alle eenheden" in page.content
    assert client.post(f"{base}/maken/", {"taal": "en"}).status_code == 302
    job = ReportJob.objects.get(round=closed_round)
    assert job.language == "en"
    status = client.get(f"{base}/{job.pk}/")
    assert b"In de wachtrij" in status.content and b"every 1s" in status.content
    run(job.pk)
    status = client.get(f"{base}/{job.pk}/")
    assert b"every 1s" not in status.content  # no more polling once done
    download = client.get(f"{base}/{job.pk}/zip/")
    assert download.status_code == 200
    assert zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))).testzip() is None
