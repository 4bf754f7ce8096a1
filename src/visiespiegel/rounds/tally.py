"""Counting answers into the tally as they are written (see models.Tally).

A response counts in seven cells for six themes: its (unit, role) once, and per theme the pair
of its now model and its wanted model. The counts per model for now and for wanted are sums of
pairs, made when results are published. A submission adds one row per cell it touches, a
revision subtracts the old and adds the new,
all in one INSERT ... ON CONFLICT DO UPDATE (SQLite and PostgreSQL alike), inside the same
transaction as the answers. `recount` rebuilds a round's tally from its answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Case, Count, F, Max, When

from visiespiegel.rounds.enums import Kind
from visiespiegel.rounds.models import Answer, Response, Round, Tally
from visiespiegel.write_lock import serialized_write

PEOPLE, PAIR = Tally.PEOPLE, Tally.PAIR
Cell = tuple[int, str, str, int, int, int]  # unit key, role, kind, theme, first, second


def cells(unit_id: int | None, role: str, answers: Iterable) -> list[Cell]:
    """The cells one response counts in: (unit, role) once, and per theme the pair of its now
    and wanted model. `answers` have theme_id, now_id and wanted_id."""
    unit = unit_id or 0
    return [(unit, role, PEOPLE, 0, 0, 0)] + [
        (unit, role, PAIR, a.theme_id, a.now_id, a.wanted_id) for a in answers
    ]


# Cells per statement: 8 parameters each stays below SQLite's and PostgreSQL's limits.
BATCH = 2000


def add(round_id: int, counted: Counter) -> None:
    """Add (or with negative counts, subtract) to the tally: one statement for a submission,
    one per 2,000 cells for bulk writes."""
    rows = [(*cell, n) for cell, n in counted.items() if n]
    table = Tally._meta.db_table
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        # The round id once: a submission's 50 parameters stay within what psycopg keeps its
        # parsed form of. (SQLite wants a WHERE before ON CONFLICT in INSERT ... SELECT.)
        placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, %s)"] * len(batch))
        sql = (
            f"INSERT INTO {table} (round_id, unit_key, role, kind, theme, first, second, count) "  # noqa: S608
            "SELECT %s, column1, column2, column3, column4, column5, column6, column7 "
            f"FROM (VALUES {placeholders}) AS new WHERE true "
            "ON CONFLICT (round_id, unit_key, role, kind, theme, first, second) "
            f"DO UPDATE SET count = {table}.count + excluded.count"
        )
        params = [round_id, *(value for row in batch for value in row)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


@serialized_write
@transaction.atomic
def recount(round_: Round) -> int:
    """Rebuild a round's tally from its answers; returns the number of cells."""
    Round.objects.select_for_update().filter(pk=round_.pk).first()  # no answers meanwhile
    Tally.objects.filter(round=round_).delete()
    counted: Counter = Counter()
    for unit, role, n in (
        Response.objects.filter(round=round_).values_list("unit_id", "role").annotate(n=Count("id"))
    ).order_by():
        counted[unit or 0, role, PEOPLE, 0, 0, 0] += n
    for unit, role, theme, now, wanted, n in _pairs(Answer.objects.filter(round=round_)):
        counted[unit or 0, role, PAIR, theme, now, wanted] += n
    Tally.objects.bulk_create(
        Tally(
            round=round_,
            unit_key=unit,
            role=role,
            kind=kind,
            theme=theme,
            first=first,
            second=second,
            count=n,
        )
        for (unit, role, kind, theme, first, second), n in counted.items()
        if n
    )
    return len(counted)


def _pairs(answers) -> list[tuple]:
    """(unit, role, theme, now model, wanted model, count) in one statement: the inner query
    pairs each response's two answers on a theme by conditional aggregation (one scan, no
    self-join), the outer one counts the pairs."""
    pairs = (
        answers.values(
            u=F("response__unit_id"), g=F("response__role"), r=F("response_id"), t=F("theme_id")
        )
        .annotate(
            now_m=Max(Case(When(kind=Kind.NOW, then=F("model_id")))),
            wanted_m=Max(Case(When(kind=Kind.WANTED, then=F("model_id")))),
        )
        .order_by()
    )
    inner, params = pairs.query.sql_with_params()
    columns = "u, g, t, now_m, wanted_m"
    sql = (
        f"SELECT {columns}, COUNT(*) FROM ({inner}) pairs "  # noqa: S608 - our own columns
        f"WHERE now_m IS NOT NULL AND wanted_m IS NOT NULL GROUP BY {columns}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def people(round_: Round) -> dict[tuple[int | None, str], int]:
    """How many responses per (unit id or None, role), from the tally."""
    found = Tally.objects.filter(round=round_, kind=PEOPLE, count__gt=0)
    return {
        (unit or None, role): n for unit, role, n in found.values_list("unit_key", "role", "count")
    }


def rows(round_: Round):
    """The round's tally rows: (unit key, role, kind, theme, first, second, count)."""
    return Tally.objects.filter(round=round_).values_list(
        "unit_key", "role", "kind", "theme", "first", "second", "count"
    )
