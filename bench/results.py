"""Time the results of a round with many responses against the bare GROUP BY underneath.

Fills a fresh database (SQLite in a temporary folder, or --database-url) with one round of
RESPONSES responses over 40 schools and five roles (bulk inserts, not the web flow), then
times, each the best of --repeat runs:
  - the bare GROUP BY of answer counts per (theme, kind, model) for the round;
  - publishing the round's results (what closing a round does once);
  - reading published results for the whole round, a board and a role (the code path of the
    pages and the API), with the number of queries each takes.

    .venv/bin/python bench/results.py [--responses 100000] [--repeat 5] [--database-url ...]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
import uuid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    data = tempfile.mkdtemp()
    os.environ.update(DATA_DIR=data, DJANGO_SETTINGS_MODULE="visiespiegel.settings")
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.db.models import Sum

    from visiespiegel.frameworks.selectors import get_framework
    from visiespiegel.insights.selectors import results
    from visiespiegel.insights.services import publish
    from visiespiegel.organisations.services import add_unit, create_organisation
    from visiespiegel.rounds.models import Answer, Response
    from visiespiegel.rounds.services import create_round

    if args.database_url:
        call_command("flush", interactive=False, verbosity=0)
    call_command("setup", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    framework = get_framework("visie-passend-onderwijs")
    org = create_organisation(slug="bench", name="Bench")
    boards = [add_unit(organisation=org, name=f"Bestuur {b}", kind="bestuur") for b in range(4)]
    schools = [
        add_unit(organisation=org, name=f"School {s}", parent=boards[s % 4]) for s in range(40)
    ]
    round_ = create_round(organisation=org, title="Bench", framework=framework)
    themes = list(framework.themes.values_list("id", flat=True))
    models = list(framework.models.order_by("position").values_list("id", flat=True))
    roles = ["leraar", "ouder", "schoolleider", "intern-begeleider", "onderwijsassistent"]
    rng = random.Random(1)

    start = time.perf_counter()
    batch = 5_000
    for offset in range(0, args.responses, batch):
        size = min(batch, args.responses - offset)
        responses = Response.objects.bulk_create(
            Response(
                round=round_,
                role=rng.choice(roles),
                unit=rng.choice(schools),
                idempotency_key=uuid.uuid4(),
                edit_token_digest=uuid.uuid4().hex * 2,
            )
            for _ in range(size)
        )
        Answer.objects.bulk_create(
            (
                Answer(
                    response=r,
                    round=round_,
                    theme_id=t,
                    kind=kind,
                    model_id=rng.choices(models, weights=w)[0],
                )
                for r in responses
                for t in themes
                for kind, w in (("now", [4, 4, 2, 1]), ("wanted", [1, 2, 4, 3]))
            ),
            batch_size=10_000,
        )
    fill = time.perf_counter() - start
    database = connection.vendor
    print(
        f"{args.responses} responses ({args.responses * 12} answer rows) on {database}, "
        f"filled in {fill:.1f} s"
    )

    def best(label: str, func) -> None:
        timings = []
        for _ in range(args.repeat):
            reset_queries()
            start = time.perf_counter()
            func()
            timings.append(time.perf_counter() - start)
        print(f"  {label:45} {min(timings) * 1000:8.1f} ms")

    def bare():
        list(
            Answer.objects.filter(round=round_)
            .values_list("theme_id", "kind", "model_id")
            .annotate(n=Sum("weight"))
            .order_by()
        )

    from django.test.utils import CaptureQueriesContext

    best("bare GROUP BY (counts per theme, kind, model)", bare)
    start = time.perf_counter()
    publish(round_=round_, final=True)
    took = (time.perf_counter() - start) * 1000
    print(f"  {'publish (aggregate, protect, store)':45} {took:8.1f} ms")
    for label, kwargs in (
        ("results(): whole round", {}),
        ("results(): one board (10 schools)", {"unit_id": boards[0].pk}),
        ("results(): one role", {"role": "ouder"}),
    ):
        with CaptureQueriesContext(connection) as queries:
            results(round_, **kwargs)
        best(f"{label} [{len(queries)} queries]", lambda kwargs=kwargs: results(round_, **kwargs))


if __name__ == "__main__":
    sys.exit(main())
