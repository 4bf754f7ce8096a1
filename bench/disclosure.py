"""Time the secondary suppression (`insights.disclosure.protect`) and the cell-key noise
(`insights.noise`) on a synthetic swv, and measure what the noise costs.

An swv of --schools schools under --boards boards, --roles roles with realistic shares, 8 to 70
respondents per school and some swv-wide respondents without a school. Prints the time of a
first publication, of a final publication after interim ones, and how much stays visible; then,
with random answers (six themes, four models), how far the published counts, means and
consensus of the shown groups lie from the exact ones.

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

    from visiespiegel.insights.disclosure import History, protect
    from visiespiegel.insights.table import group_sizes
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
    noise_cost(tree, roles, people, first.shown, rng)


def noise_cost(tree, roles, people, shown, rng) -> None:
    """Random answers for everyone; exact and published figures of every shown group."""
    from visiespiegel.insights import noise, stats
    from visiespiegel.insights.vectors import Layout

    layout = Layout(themes=tuple(f"t{i}" for i in range(6)), models=("a", "b", "c", "d"))
    vectors, keys = {}, {}
    for number, atom in enumerate(people, start=1):
        record = noise.record_key(b"bench", number)
        vector, key = (
            vectors.setdefault(atom, layout.zeros()),
            keys.setdefault(atom, layout.zeros()),
        )
        positions = [0]
        for t in range(6):
            now, wanted = rng.choice([0, 1, 1, 2, 2, 3]), rng.choice([1, 2, 2, 3, 3])
            positions += layout.pair_at(t, now, wanted)
        for position in positions:
            vector[position] += 1
            key[position] += record
    exact = {g: layout.zeros() for g in shown}
    summed = {g: layout.zeros() for g in shown}
    for (unit, role), vector in vectors.items():
        above = [None] if unit is None else [unit, *tree.ancestors(unit), None]
        for group in [(u, r) for u in above for r in (role, None)]:
            if group in shown:
                exact[group] = [a + b for a, b in zip(exact[group], vector, strict=True)]
                summed[group] = [
                    a + b for a, b in zip(summed[group], keys[unit, role], strict=True)
                ]
    start = time.perf_counter()
    published = {g: noise.perturb(exact[g], summed[g]) for g in shown}
    took = (time.perf_counter() - start) * 1000
    changes, means, consensus = [], {"all": [], "n < 20": []}, {"all": [], "n < 20": []}
    for group in shown:
        before, after = exact[group], published[group]
        changes += [abs(a - b) for a, b in zip(before[1:], after[1:], strict=True)]
        for t in range(6):
            for kind in (0, 1):
                cells = [layout.count_at(t, kind, m) for m in range(4)]
                old, new = [before[c] for c in cells], [after[c] for c in cells]
                for label in ("all", "n < 20") if before[0] < 20 else ("all",):
                    means[label].append(abs(stats.mean_position(new) - stats.mean_position(old)))
                    consensus[label].append(abs(stats.consensus(new) - stats.consensus(old)))
    print(f"  cell-key noise over {len(shown)} shown groups: {took:.0f} ms")
    print(
        f"    counts unchanged {sum(1 for c in changes if c == 0) / len(changes):.1%}, "
        f"mean |change| {statistics.mean(changes):.2f}, largest {max(changes)}"
    )
    for label in means:
        if means[label]:
            print(
                f"    {label:7} mean position |change|: mean {statistics.mean(means[label]):.3f}, "
                f"p95 {sorted(means[label])[int(len(means[label]) * 0.95)]:.3f}; consensus "
                f"|change|: mean {statistics.mean(consensus[label]):.3f}, "
                f"p95 {sorted(consensus[label])[int(len(consensus[label]) * 0.95)]:.3f}"
            )


if __name__ == "__main__":
    sys.exit(main())
