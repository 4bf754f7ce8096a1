"""PDF reports: one unit's report, and all reports of a round (the whole round plus 40 units)
made by `visiespiegel worker`, with the worker's peak memory.

A fresh SQLite database with an swv of 4 boards and 36 schools and a round of --responses
made-up answers, closed. Then, each in its own process as in production:
  - one: `round report` for one school, --repeat times (the median; the process start is
    timed apart and left out);
  - all: `round reports` queues the ZIP job, `worker --batch` makes it and exits: wall time,
    seconds per report, ZIP size, and the worker's peak resident memory;
  - for comparison, the same worker making the job of a round with a single unit: its peak
    memory says what one report costs, so the difference is what 40 cost (a bounded worker
    stays flat: each report is written to disk, then zipped from disk).

    .venv/bin/python bench/reports.py [--responses 4000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import time
import zipfile
from pathlib import Path

from common import CLI, Site, memory_mib

BOARDS, SCHOOLS_PER_BOARD = 4, 9


def timed(site: Site, *command: str) -> float:
    started = time.perf_counter()
    site.cli(*command)
    return time.perf_counter() - started


def worker_run(site: Site) -> tuple[float, float]:
    """Run the worker until the queue is empty: seconds and peak resident MiB of the worker
    (its high-water mark, read from /proc while it runs)."""
    started = time.perf_counter()
    worker = subprocess.Popen(
        [*CLI, "worker", "--batch", "--no-startup-delay", "--no-reload", "--verbosity", "0"],
        env=site.env,
    )
    peak = 0.0
    while worker.poll() is None:
        try:
            peak = max(peak, memory_mib(worker)[1])
        except (FileNotFoundError, ProcessLookupError):
            break  # it just exited
        time.sleep(0.1)
    assert worker.wait() == 0
    return time.perf_counter() - started, peak


def make_round(site: Site, slug: str, units: str, responses: int) -> int:
    site.cli("organisation", "create", slug, "--name", slug.upper())
    csv = Path(site.env["DATA_DIR"]) / f"{slug}.csv"
    csv.write_text(units)
    site.cli("unit", "import", slug, str(csv))
    created = site.cli("round", "create", slug, "--title", "Bench", "--synthetic", "--json")
    made = json.loads(created)
    site.cli("round", "fill", str(made["id"]), "--responses", str(responses), "--seed", "7")
    site.cli("round", "close", str(made["id"]))
    return made["id"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    site = Site()
    try:
        site.prepare()
        rows = ["name,type,parent,brin"]
        for b in range(BOARDS):
            rows.append(f"Bestuur {b},bestuur,,")
            rows += [f"School {b}-{s},school,Bestuur {b}," for s in range(SCHOOLS_PER_BOARD)]
        big = make_round(site, "swv", "\n".join(rows) + "\n", args.responses)
        small = make_round(site, "een", "name,type,parent,brin\nSchool,school,,\n", 200)
        units = BOARDS * (1 + SCHOOLS_PER_BOARD)

        startup = statistics.median(timed(site, "check") for _ in range(args.repeat))
        unit_id = site.cli(
            "shell", "--no-imports", "-c",
            "from visiespiegel.organisations.models import Unit;"
            "print(Unit.objects.get(name='School 0-0').pk)",
        ).strip()  # fmt: skip
        output = Path(site.env["DATA_DIR"]) / "one.pdf"
        one = statistics.median(
            timed(site, "round", "report", str(big), "--unit", unit_id, "--output", str(output))
            for _ in range(args.repeat)
        )
        print(f"one report: {one - startup:.2f} s ({one:.2f} s with the process start of "
              f"{startup:.2f} s), {output.stat().st_size / 1024:.0f} KiB")  # fmt: skip

        site.cli("round", "reports", str(small))
        single_seconds, single_peak = worker_run(site)
        job = json.loads(site.cli("round", "reports", str(big)))["job"]
        seconds, peak = worker_run(site)
        archive = Path(site.env["DATA_DIR"]) / "reports" / f"{job}.zip"
        count = len(zipfile.ZipFile(archive).namelist())
        print(
            f"all reports: {count} PDFs ({units} units and the whole round) in {seconds:.1f} s, "
            f"{seconds / count:.2f} s per report, ZIP {archive.stat().st_size / 1048576:.1f} MiB"
        )
        print(
            f"worker peak memory: {peak:.0f} MiB for {count} reports; "
            f"{single_peak:.0f} MiB for a round of one unit (2 reports, {single_seconds:.1f} s)"
        )
    finally:
        site.close()


if __name__ == "__main__":
    main()
