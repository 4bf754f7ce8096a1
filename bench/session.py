"""A live session in a full hall: N phones ask every 2 s whether the step changed, the presenter
screen asks every second for the live part (votes, counts). Halfway the vote opens: every phone
reloads (as a browser told of the change does) and votes once, at a random moment within the
next 20 s (people read and think). Against `visiespiegel serve --workers W`; the baseline in the
same run is the cheapest request the same server answers, a small static file.

Prints p50/p95 latency of the phones' question, the presenter's live part and the static file,
before and during the vote; for each vote how long until the screen counted it (the presenter
polls every second, so up to 1 s of that is the poll interval); and that exactly one vote per
phone was stored.

    .venv/bin/python bench/session.py [--phones 300] [--seconds 30] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import threading
import time

from common import Phone, Site

PASSWORD = "een lang en sterk wachtwoord"  # noqa: S105 - a throwaway bench account


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    # Every phone comes from 127.0.0.1: one network, so its budgets are lifted.
    site = Site(
        extra_env={
            "VISIESPIEGEL_PASSWORD": PASSWORD,
            "JOIN_FAILURES_PER_NETWORK": "9999",
            "VOTE_COOKIES_PER_NETWORK": str(args.phones),
        }
    )
    try:
        site.prepare()
        site.cli("organisation", "create", "swv", "--name", "SWV")
        site.cli("user", "create", "carla", "--organisation", "swv", "--role", "beheerder")
        made = json.loads(site.cli("round", "create", "swv", "--title", "Studiedag", "--json"))
        made_session = site.cli(
            "shell", "--no-imports", "-c",
            "import json; from visiespiegel.rounds.models import Round;"
            "from visiespiegel.dialogue import services as s;"
            f"x = s.start_session(round_=Round.objects.get(pk={made['id']}), unit=None);"
            "print(json.dumps({'id': x.pk, 'code': x.code}))",
        )  # fmt: skip
        session = json.loads(made_session)
        with site.server(workers=args.workers) as (port, _process):
            presenter = Phone(port)
            presenter.request("GET", "/inloggen/")
            presenter.form("/inloggen/", {"username": "carla", "password": PASSWORD})
            regie = f"/sessies/{session['id']}/regie/"
            phones = [Phone(port) for _ in range(args.phones)]
            for phone in phones:
                phone.cookies["vs_wie"] = "medewerker"  # whose words it reads, said once
                phone.request("GET", f"/s/{session['code']}/")  # the page, and its vote cookie
            state = {"version": 0, "stop": False, "voting": False}
            asked: dict[str, list[float]] = {"before": [], "during": []}
            live: dict[str, list[float]] = {"before": [], "during": []}
            static: dict[str, list[float]] = {"before": [], "during": []}
            voted_at: list[float] = []  # when each vote was stored (monotonic)
            counted: list[tuple[float, int]] = []  # (moment, votes on the screen)
            lock = threading.Lock()
            rng = random.Random(1)

            def phone_loop(phone: Phone, offset: float) -> None:
                time.sleep(offset)
                while not state["stop"]:
                    start = time.perf_counter()
                    status, _ = phone.request(
                        "GET", f"/s/{session['code']}/stand/?stand={state['version']}"
                    )
                    phase = "during" if state["voting"] else "before"
                    with lock:
                        asked[phase].append(time.perf_counter() - start)
                    if state["voting"] and not hasattr(phone, "vote_at"):
                        # As a browser does when told the step changed: reload; vote later.
                        phone.request("GET", f"/s/{session['code']}/")
                        phone.vote_at = time.monotonic() + rng.uniform(0, 20)
                    if getattr(phone, "vote_at", None) and time.monotonic() >= phone.vote_at:
                        status, _ = phone.form(
                            f"/s/{session['code']}/stem/", {"model": "gemeenschap"}
                        )
                        phone.vote_at = 0
                        if status == 302:
                            with lock:
                                voted_at.append(time.monotonic())
                    time.sleep(max(0.0, 2 - (time.perf_counter() - start)))

            threads = [
                threading.Thread(target=phone_loop, args=(p, i * 2 / len(phones)), daemon=True)
                for i, p in enumerate(phones)
            ]
            for thread in threads:
                thread.start()
            baseline = Phone(port)
            ended = time.monotonic() + args.seconds
            while time.monotonic() < ended:
                phase = "during" if state["voting"] else "before"
                start = time.perf_counter()
                _status, text = presenter.request("GET", f"/sessies/{session['id']}/live/")
                live[phase].append(time.perf_counter() - start)
                if shown := re.search(r'id="stemmen">(\d+)<', text):
                    counted.append((time.monotonic(), int(shown[1])))
                begin = time.perf_counter()
                baseline.request("GET", "/static/visiespiegel/icon.svg")
                static[phase].append(time.perf_counter() - begin)
                if not state["voting"] and time.monotonic() > ended - args.seconds / 2:
                    presenter.form(f"{regie}naar/", {"step": "8"})  # theme 1's vote
                    presenter.form(f"{regie}stemming-open/", {})
                    state["voting"] = True
                time.sleep(max(0.0, 1 - (time.perf_counter() - start)))
            state["stop"] = True
            for thread in threads:
                thread.join(timeout=30)
        votes = int(
            site.cli(
                "shell", "--no-imports", "-c",
                "from visiespiegel.dialogue.models import Vote; print(Vote.objects.count())",
            ).strip()
        )  # fmt: skip
        print(f"{args.phones} phones, {args.workers} workers, {args.seconds:.0f} s")
        for phase in ("before", "during"):
            for name, found in (
                ("phone asks", asked),
                ("presenter live", live),
                ("static", static),
            ):
                values = found[phase]
                print(
                    f"{phase:6} {name:15} n={len(values):5}  "
                    f"p50 {percentile(values, 0.5):6.1f} ms  "
                    f"p95 {percentile(values, 0.95):6.1f} ms  "
                    f"mean {statistics.mean(values) * 1000:6.1f} ms"
                )
        lags = []
        for rank, moment in enumerate(sorted(voted_at), start=1):
            seen = next((at for at, n in counted if at >= moment and n >= rank), None)
            if seen is not None:
                lags.append(seen - moment)
        print(
            f"vote to screen: {len(lags)} of {len(voted_at)} votes seen, "
            f"p50 {percentile(lags, 0.5) / 1000:.2f} s, p95 {percentile(lags, 0.95) / 1000:.2f} s, "
            f"max {max(lags):.2f} s; votes stored: {votes} (one per phone: {votes == args.phones})"
        )
    finally:
        site.close()


if __name__ == "__main__":
    main()
