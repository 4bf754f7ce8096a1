"""`visiespiegel worker` as it runs in production: a separate process on the same database. A
job survives the worker being killed halfway (a restart, a crash): the next worker queues it
again and finishes it, keeping the reports already made."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
import zipfile
from pathlib import Path

import pytest

from bench.common import CLI, Site

SCHOOLS = 14


def job_row(database: Path, job: str) -> tuple[str, int, int]:
    with sqlite3.connect(database, timeout=10) as connection:
        return connection.execute(
            "SELECT state, done, total FROM insights_reportjob WHERE id = ?",
            [job.replace("-", "")],
        ).fetchone()


def wait_for(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.1)
    pytest.fail(f"waited {seconds} s for {what}")


@pytest.fixture
def site(tmp_path):
    site = Site()
    try:
        yield site
    finally:
        site.close()


def test_a_job_survives_a_killed_worker(site, tmp_path):
    site.prepare()
    site.cli("organisation", "create", "swv", "--name", "SWV")
    units = tmp_path / "units.csv"
    units.write_text(
        "name,type,parent,brin\nBestuur,bestuur,,\n"
        + "".join(f"School {i},school,Bestuur,\n" for i in range(SCHOOLS))
    )
    site.cli("unit", "import", "swv", str(units))
    made = json.loads(
        site.cli("round", "create", "swv", "--title", "Najaar", "--synthetic", "--json")
    )
    site.cli("round", "fill", str(made["id"]), "--responses", "300", "--seed", "1")
    site.cli("round", "close", str(made["id"]))
    job = json.loads(site.cli("round", "reports", str(made["id"]), "--json"))["job"]
    database = Path(site.env["DATA_DIR"]) / "visiespiegel.sqlite3"
    assert job_row(database, job)[0] == "queued"

    command = [*CLI, "worker", "--no-startup-delay", "--interval", "0.2", "--no-reload"]
    first = subprocess.Popen(command, env=site.env, stdout=subprocess.DEVNULL)
    try:
        state, done, total = wait_for(
            lambda: (row := job_row(database, job))[1] >= 2 and row, 180, "two reports"
        )
        first.send_signal(signal.SIGKILL)  # no clean shutdown: as in a crash
        first.wait(timeout=30)
    finally:
        first.kill()
    assert state == "running" and done < total == SCHOOLS + 2, (state, done, total)

    log = Path(site.env["DATA_DIR"]) / "worker.log"
    with log.open("w") as output:
        second = subprocess.Popen(command, env=site.env, stdout=output)
        try:
            wait_for(lambda: job_row(database, job)[0] == "done", 300, "the job to finish")
        finally:
            second.terminate()
            second.wait(timeout=30)
    assert f"Job {job} hervat." in log.read_text()
    archive = zipfile.ZipFile(Path(site.env["DATA_DIR"]) / "reports" / f"{job}.zip")
    names = archive.namelist()
    assert len(names) == SCHOOLS + 2 and names[0] == "000-alle-eenheden.pdf"
    assert all(archive.read(name).startswith(b"%PDF-") for name in names)
