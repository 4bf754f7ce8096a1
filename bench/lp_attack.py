"""A solver against many random regions: how often it pins someone, with and without the noise.

For --regions random regions (--shape twelve: three boards of four schools, six roles, cells of
0-4 people, the shape of issue #17's attack; small: two boards of three schools), one theme
each (themes are independent linear programs, so a region is one trial per theme): which groups
`disclosure.protect` shows, then the LP attacker of `audit.bounds`, who knows every (school,
role) cell's number of people and reads every shown group's counts and transitions:
  - exact: the counts as they are (what the product published before the noise);
  - noisy: the published, noisy counts, read as "each within 2 of the truth" (an attacker who
    knows the method; read as exact they have no solution at all).
Prints the regions in which the attack pins at least one hidden group's distribution (a single
person's answer, or exactly how many of a few chose what), the pins in all, and the time.

    .venv/bin/python bench/lp_attack.py [--regions 20] [--shape twelve|small] [--first 0]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the tests' region helpers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=int, default=20)
    parser.add_argument("--shape", choices=("twelve", "small"), default="twelve")
    parser.add_argument("--first", type=int, default=0, help="the first region's seed")
    args = parser.parse_args()

    from tests.insights.regions import (
        ONE_THEME,
        attack,
        shown_and_hidden,
        small_region,
        twelve_school_region,
    )
    from visiespiegel.insights.noise import LARGEST_CHANGE

    region = twelve_school_region if args.shape == "twelve" else small_region
    totals = {"exact": [0, 0], "noisy": [0, 0]}  # regions with a pin, pins
    groups = [0, 0]
    start = time.perf_counter()
    for seed in range(args.first, args.first + args.regions):
        tree, roles, people = region(seed)
        shown, hidden = shown_and_hidden(tree, roles, people)
        groups[0] += len(shown)
        groups[1] += len(hidden)
        secret = f"bench {seed}".encode()
        for name, noisy, slack in (("exact", False, 0), ("noisy", True, LARGEST_CHANGE)):
            pins = attack(ONE_THEME, people, shown, hidden, noisy=noisy, slack=slack, secret=secret)
            if pins is None:
                print(f"  region {seed}: {name} figures have no solution")
                continue
            totals[name][0] += bool(pins)
            totals[name][1] += len(pins)
            if pins and noisy:
                print(f"  region {seed}: pinned {[(p.group, p.kind, p.counts) for p in pins]}")
    seconds = time.perf_counter() - start
    last = args.first + args.regions - 1
    print(
        f"{args.regions} {args.shape} regions (seeds {args.first}..{last}), {groups[0]} shown "
        f"and {groups[1]} hidden groups, k = 5, one theme each"
    )
    for name, (regions, pins) in totals.items():
        print(f"  {name:5}: {regions:3} regions with a pinned hidden group, {pins:4} pins in all")
    print(f"  {seconds:.1f} s ({seconds / args.regions:.1f} s per region, both attacks)")


if __name__ == "__main__":
    main()
