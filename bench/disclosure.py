"""Time the secondary suppression (`insights.disclosure.protect`) on a synthetic swv.

An swv of --schools schools under --boards boards, --roles roles with realistic shares, 8 to 70
respondents per school and some swv-wide respondents without a school. Prints the time of a
first publication, of a final publication after interim ones, and how much stays visible.

    .venv/bin/python bench/disclosure.py [--schools 300] [--k 5] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter

ROLES = {
    "leraar": 40, "onderwijsassistent": 8, "intern-begeleider": 4, "schoolleider": 3,
    "bestuurder": 0.3, "ouder": 25, "leerling": 10, "zorgprofessional": 3, "gemeente": 0.5,
    "medewerker-swv": 0.5, "anders": 1,
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=300)
    parser.add_argument("--boards", type=int, default=20)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    from visiespiegel.insights.disclosure import History, group_sizes, protect
    from visiespiegel.organisations.tree import Tree

    rng = random.Random(args.seed)
    parent = dict.fromkeys(range(1, args.boards + 1))
    schools = list(range(args.boards + 1, args.boards + args.schools + 1))
    parent.update({s: rng.randint(1, args.boards) for s in schools})
    tree, roles = Tree(parent), list(ROLES)
    people = [
        (school, rng.choices(roles, list(ROLES.values()))[0])
        for school in schools
        for _ in range(rng.randint(8, 70))
    ]
    people += [(None, role) for role in ("gemeente", "medewerker-swv") for _ in range(6)]
    rng.shuffle(people)
    table = Counter(people)
    print(
        f"{args.schools} schools, {args.boards} boards, {len(roles)} roles, "
        f"{len(people)} people, {len(table)} non-empty cells, k = {args.k}"
    )

    def timed(label, func):
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = func()
            times.append(time.perf_counter() - start)
        print(f"  {label:52} median {statistics.median(times) * 1000:7.1f} ms")
        return result

    sizes = group_sizes(tree, roles, table)
    eligible = sum(1 for n in sizes.values() if n >= args.k)
    first = timed("first publication (one period)", lambda: protect(tree, roles, table, args.k))
    visible_schools = sum(1 for s in schools if (s, None) in first.shown)
    visible_roles = sum(1 for r in roles if (None, r) in first.shown)
    print(
        f"    shown {len(first.shown)} of {eligible} groups with >= k people; "
        f"schools {visible_schools}/{args.schools}; roles at swv level {visible_roles}/"
        f"{sum(1 for r in roles if sizes[None, r] >= args.k)}"
    )

    def after_interims(fractions):
        updates, periods, before = {}, [], 0
        pattern = None
        for number, fraction in enumerate(fractions, start=1):
            upto = int(len(people) * fraction)
            current, changes = Counter(people[:upto]), Counter(people[before:upto])
            history = History(periods=list(periods), updates=updates)
            pattern = protect(tree, roles, current, args.k, changes=changes, history=history)
            periods.append(changes)
            before = upto
            for group in pattern.changed:
                updates.setdefault(group, []).append(number)
        return pattern

    for fractions in ((0.4, 1.0), (0.1, 1.0), (0.3, 0.6, 1.0)):
        final = timed(
            f"final after interim results at {fractions[:-1]}",
            lambda f=fractions: after_interims(f),
        )
        fresh = sum(1 for s in schools if (s, None) in final.shown)
        print(f"    final figures for {len(final.shown)} groups; schools {fresh}/{args.schools}")


if __name__ == "__main__":
    sys.exit(main())
