"""Counting answers into the tally as they are written (see models.Tally).

A submission adds one row per cell it touches, a revision subtracts the old and adds the new,
all in one INSERT ... ON CONFLICT DO UPDATE (SQLite and PostgreSQL alike), inside the same
transaction as the answers. `recount` rebuilds a round's tally from its answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Case, Count, F, Max, Sum, When

from visiespiegel.rounds.enums import Kind
from visiespiegel.rounds.models import Answer, Response, Round, Tally

PEOPLE, PAIR = "people", "pair"
Cell = tuple[int, str, str, int, int, int]  # unit key, role, kind, theme, first, second


def cells(unit_id: int | None, role: str, answers: Iterable) -> list[Cell]:
    """The cells one response counts in: (unit, role) once, and per theme its now model, its
    wanted model and the pair. `answers` have theme_id, now_id and wanted_id."""
    unit = unit_id or 0
    found: list[Cell] = [(unit, role, PEOPLE, 0, 0, 0)]
    for a in answers:
        found += [
            (unit, role, Kind.NOW.value, a.theme_id, a.now_id, 0),
            (unit, role, Kind.WANTED.value, a.theme_id, a.wanted_id, 0),
            (unit, role, PAIR, a.theme_id, a.now_id, a.wanted_id),
        ]
    return found


# Cells per statement: 8 parameters each stays below SQLite's and PostgreSQL's limits.
BATCH = 2000


def add(round_id: int, counted: Counter) -> None:
    """Add (or with negative counts, subtract) to the tally: one statement for a submission,
    one per 2,000 cells for bulk writes."""
    rows = [(*cell, n) for cell, n in counted.items() if n]
    table = Tally._meta.db_table
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(batch))
        sql = (
            f"INSERT INTO {table} (round_id, unit_key, role, kind, theme, first, second, count) "  # noqa: S608
            f"VALUES {placeholders} "
            "ON CONFLICT (round_id, unit_key, role, kind, theme, first, second) "
            f"DO UPDATE SET count = {table}.count + excluded.count"
        )
        params = [value for row in batch for value in (round_id, *row)]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


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
    answers = Answer.objects.filter(round=round_)
    for unit, role, theme, kind, model, n in (
        answers.values_list("response__unit_id", "response__role", "theme_id", "kind", "model_id")
        .annotate(n=Sum("weight"))
        .order_by()
    ):
        counted[unit or 0, role, kind, theme, model, 0] += n
    for unit, role, theme, now, wanted, n in _pairs(answers):
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


def rows(round_: Round):
    """The round's tally rows: (unit key, role, kind, theme, first, second, count)."""
    return Tally.objects.filter(round=round_).values_list(
        "unit_key", "role", "kind", "theme", "first", "second", "count"
    )
