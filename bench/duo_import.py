"""Time the import of units from DUO's files (`unit import-duo`) for a large region.

Writes DUO-shaped files for --locations school locations under --boards boards, all in one
samenwerkingsverband (plus as many in another one, which the import leaves out), into a fresh
SQLite database in a temporary DATA_DIR (or DATABASE_URL when set), and times: reading the files,
the first import, the same files again (nothing changes) and a year later (5 % renamed, 2 %
added, 1 % gone).

    .venv/bin/python bench/duo_import.py [--locations 2000] [--boards 60]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import tempfile
import time

LOCATIONS = ["PROVINCIE", "BEVOEGD GEZAG NUMMER", "BRIN NUMMER", "VESTIGINGSNUMMER",
             "VESTIGINGSNAAM", "PLAATSNAAM", "DENOMINATIE"]  # fmt: skip
BOARDS = ["BEVOEGD GEZAG NUMMER", "BEVOEGD GEZAG NAAM", "PLAATSNAAM"]
MEMBERS = ["SAMENWERKINGSVERBAND", "BRIN NUMMER", "VESTIGINGSNUMMER"]


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("cp1252")


def region(locations: int, boards: int, *, year: int) -> list[tuple[str, bytes]]:
    """The files of a region (twice as many locations, half of them in swv PO 99-01)."""
    rows, members = [], []
    # Even indexes belong to PO 99-01: a year later 2 % more there, 1 % gone, 5 % renamed.
    for index in range(2 * locations + (locations // 25 if year == 2 else 0)):
        if year == 2 and index % 200 == 0:
            continue  # closed
        board = 90000 + index % (2 * boards)
        letters = chr(65 + index // 2600 % 26) + chr(65 + index // 100 % 26)
        brin = f"{10 + index // 100 % 90:02d}{letters}"
        code = f"{brin}{index % 100:02d}"
        name = f"School {index}" + (" (vernieuwd)" if year == 2 and index % 40 == 2 else "")
        rows.append(["Utrecht", str(board), brin, code, name, "VOORBEELDSTAD", "Openbaar"])
        swv = "PO 99-01" if board % 2 == 0 else "PO 99-02"
        members.append([swv, brin, code[4:]])
    board_rows = [[str(90000 + b), f"Stichting {b}", "VOORBEELDSTAD"] for b in range(2 * boards)]
    return [
        ("vestigingen.csv", csv_bytes(LOCATIONS, rows)),
        ("bevoegde-gezagen.csv", csv_bytes(BOARDS, board_rows)),
        ("swv-vestigingen.csv", csv_bytes(MEMBERS, members)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--locations", type=int, default=2000)
    parser.add_argument("--boards", type=int, default=60)
    args = parser.parse_args()

    os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="duo-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "visiespiegel.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from visiespiegel.organisations.duo import read
    from visiespiegel.organisations.duo_import import apply_duo_import
    from visiespiegel.organisations.services import create_organisation

    call_command("migrate", verbosity=0)
    organisation = create_organisation(slug=f"bench-{time.time_ns()}", name="Bench")

    def timed(label, func):
        start = time.perf_counter()
        result = func()
        print(f"{label:<38} {time.perf_counter() - start:6.2f} s")
        return result

    first = region(args.locations, args.boards, year=1)
    size = sum(len(raw) for _name, raw in first)
    register = timed(f"read the files ({size // 1024} KB)", lambda: read(first, swv="PO9901"))
    print(f"  {len(register.boards)} boards, {len(register.locations)} locations in PO9901")
    plan = timed(
        "first import", lambda: apply_duo_import(organisation=organisation, register=register)
    )
    print(f"  {len(plan.added)} units added")
    plan = timed(
        "the same files again",
        lambda: apply_duo_import(organisation=organisation, register=register),
    )
    print(f"  {len(plan.added)} added, {plan.unchanged} unchanged")
    later = read(region(args.locations, args.boards, year=2), swv="PO9901")
    plan = timed(
        "a year later", lambda: apply_duo_import(organisation=organisation, register=later)
    )
    print(
        f"  {len(plan.added)} added, {len(plan.renamed)} renamed, {len(plan.vanished)} "
        f"vanished (kept), {plan.unchanged} unchanged"
    )


if __name__ == "__main__":
    sys.exit(main())
