"""Many phones submitting at once against `visiespiegel serve`, measured as ratios in one run.

Starts one server (loopback only) on a fresh database with a round over 20 schools, then:

  --mode api   runs of PARTICIPANTS phones, CONCURRENCY at once, each sending one complete
               response: alternately to the product's join API and to the bare insert endpoint
               of bench/bare.py in the same server (same database, same load generator), RUNS
               times each. Prints every run, the medians, and product/bare of each pair of
               neighbouring runs with their median (the table grows as it runs: pairs cancel
               that drift).
  --mode html  PARTICIPANTS phones through the whole HTML flow as a browser goes (intro, start,
               role, school, each theme, review, submit, profile page: 19 requests each).

Both check that the database holds exactly one response per phone (0 lost, 0 doubled) and print
the peak memory of the server's worker.

    .venv/bin/python bench/submissions.py [--mode api|html] [--participants 2000]
        [--concurrency 50] [--runs 3] [--workers 1] [--database-url postgres://...]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import Phone, Site, answer_api, answer_html, memory_mib, percentiles


def prepare(site: Site) -> tuple[int, str, list[int]]:
    """An organisation with 20 schools under two boards, and an open round over them."""
    site.prepare()
    site.cli("organisation", "create", "bench", "--name", "Bench")
    units = Path(site.env["DATA_DIR"]) / "units.csv"
    lines = ["name,type,parent", "Bestuur A,bestuur,", "Bestuur B,bestuur,"]
    lines += [f"School {i},school,Bestuur {'AB'[i % 2]}" for i in range(20)]
    units.write_text("\n".join(lines) + "\n", encoding="utf-8")
    site.cli("unit", "import", "bench", str(units))
    schools = json.loads(
        site.cli(
            "shell",
            "--no-imports",
            "-c",
            "import json; from visiespiegel.organisations.models import Unit; "
            "schools = Unit.objects.filter(kind='school').values_list('id', flat=True); "
            "print(json.dumps(list(schools)))",
        )
    )
    created = json.loads(site.cli("round", "create", "bench", "--title", "Bench", "--json"))
    return created["id"], created["code"], schools


ERRORS: list[str] = []


def load(count: int, concurrency: int, answer, first: int = 0) -> tuple[float, list[float]]:
    """`count` phones (numbered from `first`, each drawing its answers from its number),
    `concurrency` at once; returns (seconds, every request's latency). A phone that gets an
    unexpected answer stops and is counted in ERRORS."""

    def one(number: int) -> list[float]:
        phone = Phone(*PORTS)
        try:
            answer(phone, random.Random(number))
        except (AssertionError, OSError) as error:
            ERRORS.append(str(error)[:300])
        finally:
            phone.close()
        return phone.timings

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        timings = [t for phone in pool.map(one, range(first, first + count)) for t in phone]
    return time.perf_counter() - start, timings


PORTS: list[int] = []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["api", "html"], default="api")
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    site = Site(database_url=args.database_url, settings="bare_settings")
    round_id, code, schools = prepare(site)
    database = "PostgreSQL" if args.database_url else "SQLite"
    print(
        f"{database}, {args.workers} worker(s), {args.participants} phones per run, "
        f"{args.concurrency} at once, {args.mode}"
    )
    expected = 0
    with site.server(workers=args.workers) as (port, process):
        PORTS.append(port)
        if args.mode == "api":
            targets = {
                "product": f"/api/v1/join/{code}/responses",
                "bare": f"/bare/{round_id}/responses",
            }
            rates: dict[str, list[float]] = {name: [] for name in targets}
            for run in range(1, args.runs + 1):
                for name, path in targets.items():
                    seconds, timings = load(
                        args.participants,
                        args.concurrency,
                        lambda phone, rng, path=path: answer_api(phone, path, rng, schools),
                        first=expected,
                    )
                    expected += args.participants
                    rates[name].append(args.participants / seconds)
                    p = percentiles(timings)
                    print(
                        f"  run {run} {name:8} {rates[name][-1]:7.1f} responses/s   "
                        f"p50 {p['p50']:6.1f} ms   p95 {p['p95']:6.1f} ms"
                    )
            product, bare = (statistics.median(rates[n]) for n in ("product", "bare"))
            ratios = sorted(p / b for p, b in zip(rates["product"], rates["bare"], strict=True))
            print(
                f"  median: product {product:.1f}/s, bare {bare:.1f}/s; product/bare per run "
                f"{', '.join(f'{r:.2f}' for r in ratios)}: median {statistics.median(ratios):.2f}"
            )
        else:
            seconds, timings = load(
                args.participants,
                args.concurrency,
                lambda phone, rng: answer_html(phone, code, rng, schools),
            )
            expected = args.participants
            p = percentiles(timings)
            print(
                f"  {args.participants / seconds:.1f} participants/s, "
                f"{len(timings) / seconds:.0f} requests/s, total {seconds:.1f} s"
            )
            print(
                f"  request latency p50 {p['p50']:.1f} ms   p95 {p['p95']:.1f} ms   "
                f"p99 {p['p99']:.1f} ms   max {p['max']:.1f} ms"
            )
        rss, peak = memory_mib(process)
        print(f"  server memory: {rss:.0f} MiB resident now, peak {peak:.0f} MiB (largest process)")
    stored = site.count()
    site.close()
    print(
        f"  phones with an error: {len(ERRORS)}" + (f"; the first: {ERRORS[0]}" if ERRORS else "")
    )
    print(f"  responses stored: {stored} of {expected} ({stored - expected:+d})")
    if ERRORS or stored != expected:
        raise SystemExit("errors, lost or doubled responses")


if __name__ == "__main__":
    main()
