"""A coordinator sends every school its results: downloads one group's report, then runs the
all-units job and watches its progress until the ZIP is there. The job runs in django-tasks'
database worker (the one `visiespiegel worker` starts), here in a thread of the test."""

import io
import threading
import zipfile

import pypdf
import pytest
from django.db import connection
from django_tasks_db.management.commands.db_worker import Worker
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, log_in

pytestmark = pytest.mark.browser


@pytest.fixture
def worker(settings, tmp_path):
    settings.REPORTS_DIR = tmp_path / "reports"
    running = Worker(
        queue_names=["default"],
        interval=0.2,
        batch=False,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="browser-test",
        excluded_queue_names=[],
    )

    def run():
        try:
            running.run()
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield running
    running.running = False
    thread.join(timeout=60)


@pytest.mark.parametrize("size", ["page", "phone"])
def test_a_coordinator_downloads_reports(request, live_server, results_round, worker, size):
    page = request.getfixturevalue(size)
    log_in(page, live_server)
    page.goto(f"{live_server.url}/peilingen/{results_round.pk}/resultaten/")
    page.get_by_role("link", name="Rapporten en downloads").click()
    expect(page.get_by_role("heading", name="Rapporten en downloads", level=1)).to_be_visible()
    assert_accessible(page, f"reports-{size}")

    # One school's report, in English.
    page.get_by_label("Eenheid").select_option(label="Noord")
    page.get_by_label("Taal van het rapport").select_option(label="Engels")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download rapport (PDF)").click()
    assert download.value.suggested_filename == "rapport-voorjaar-noord.pdf"
    pdf = pypdf.PdfReader(download.value.path())
    cover = pdf.pages[0].extract_text()
    assert "Voorjaar" in cover and "Noord" in cover and "Samenwerkingsverband A" in cover
    assert "Summary per theme" in cover  # the board's page comes first
    assert "Appendix: the results in detail" in pdf.pages[1].extract_text()

    # Every unit at once, watching the progress.
    page.get_by_role("button", name="Maak de rapporten van alle eenheden").click()
    expect(page.get_by_role("status").first).to_be_visible()
    assert_accessible(page, f"reports-running-{size}")
    zip_link = page.get_by_role("link", name="Download alle rapporten (ZIP)")
    expect(zip_link).to_be_visible(timeout=120_000)  # the page polls until the job is done
    assert_accessible(page, f"reports-done-{size}")
    with page.expect_download() as download:
        zip_link.click()
    names = zipfile.ZipFile(download.value.path()).namelist()
    assert names == [
        "000-alle-eenheden.pdf",
        "001-bestuur-noord.pdf",
        "002-noord.pdf",
        "003-zuid.pdf",
    ]
    first = zipfile.ZipFile(download.value.path()).read(names[0])
    assert "Samenvatting per thema" in pypdf.PdfReader(io.BytesIO(first)).pages[0].extract_text()
