"""Results latency as the round grows, against the bare GROUP BY on the same rows.

Fills one round with test data (`synthetic.fill`, the write path of `round fill`) over an swv
of 20 boards and 300 schools, in steps up to each of --sizes responses. At each size it
publishes the round once (what closing or an interim snapshot does) and times, as the median of
--repeat interleaved runs, for the whole round, one board, one school and one role:
  - results: the figures as every page, the API and the CLI read them (`selectors.results`);
  - bare: the plain GROUP BY of answer counts per (theme, kind, model) over the same responses,
    the least any live computation would have to do.
It prints the time and query count of each, results/bare, and results at each size against the
first size (flat in N means ~1.0).

    .venv/bin/python bench/results.py [--sizes 10000,100000,250000] [--repeat 7]
        [--database-url postgres://...]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,250000")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    data = tempfile.mkdtemp()
    os.environ.update(DATA_DIR=data, DJANGO_SETTINGS_MODULE="visiespiegel.settings")
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test.utils import CaptureQueriesContext

    from visiespiegel.frameworks.selectors import get_framework
    from visiespiegel.insights.selectors import results
    from visiespiegel.insights.services import publish
    from visiespiegel.organisations.models import Unit
    from visiespiegel.organisations.services import add_unit, create_organisation
    from visiespiegel.rounds import synthetic
    from visiespiegel.rounds.lifecycle import create_round
    from visiespiegel.rounds.models import Answer

    if args.database_url:
        call_command("migrate", verbosity=0)
        call_command("flush", interactive=False, verbosity=0)
    call_command("setup", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    org = create_organisation(slug="bench", name="Bench")
    boards = [add_unit(organisation=org, name=f"Bestuur {b}", kind="bestuur") for b in range(20)]
    for s in range(300):
        add_unit(organisation=org, name=f"School {s:03}", parent=boards[s % 20])
    round_ = create_round(
        organisation=org, title="Bench", framework=get_framework("visie-passend-onderwijs"),
        synthetic=True,
    )  # fmt: skip
    board = boards[0]
    school = Unit.objects.filter(parent=board).order_by("name").first()
    filters = {
        "whole round": ({}, {}),
        "one board": ({"unit_id": board.pk}, {"response__unit__parent": board}),
        "one school": ({"unit_id": school.pk}, {"response__unit": school}),
        "one role": ({"role": "ouder"}, {"response__role": "ouder"}),
    }

    def bare(where: dict) -> None:
        list(
            Answer.objects.filter(round=round_, **where)
            .values_list("theme_id", "kind", "model_id")
            .annotate(n=Count("id"))
            .order_by()
        )

    def timed(func) -> tuple[float, int]:
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            func()
            took = time.perf_counter() - start
        return took * 1000, len(queries)

    database = "PostgreSQL" if args.database_url else "SQLite"
    print(f"{database}; one round over 20 boards and 300 schools; medians of {args.repeat} runs")
    first: dict[str, float] = {}
    for size in sizes:
        start = time.perf_counter()
        synthetic.fill(round_, size, seed=1)  # the same seed: adds to the same first people
        filled = time.perf_counter() - start
        published, publish_queries = timed(lambda: publish(round_=round_))
        print(
            f"{size:>7} responses (filled +{filled:.0f} s); publish {published:.0f} ms "
            f"[{publish_queries} queries]"
        )
        for label, (kwargs, where) in filters.items():
            runs: dict[str, list[float]] = {"results": [], "bare": []}
            counted: dict[str, int] = {}
            for _ in range(args.repeat):  # interleaved, so drift hits both alike
                took, counted["results"] = timed(lambda kwargs=kwargs: results(round_, **kwargs))
                runs["results"].append(took)
                took, counted["bare"] = timed(lambda where=where: bare(where))
                runs["bare"].append(took)
            ours, theirs = (statistics.median(runs[k]) for k in ("results", "bare"))
            first.setdefault(label, ours)
            print(
                f"    {label:12} results {ours:7.1f} ms [{counted['results']} queries]   "
                f"bare {theirs:8.1f} ms   results/bare {ours / theirs:5.3f}   "
                f"vs {sizes[0]:,}: {ours / first[label]:4.2f}"
            )


if __name__ == "__main__":
    sys.exit(main())
