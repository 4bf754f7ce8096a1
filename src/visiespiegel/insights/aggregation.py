"""Count a round's answers per atom (the unit a response is directly at, and its role) in the
database: two GROUP BY queries however many responses there are. Only publication reads raw
answers; everything shown afterwards reads the published vectors."""

from __future__ import annotations

from django.db import connection
from django.db.models import Case, F, Max, Sum, When

from visiespiegel.frameworks.selectors import keys_of
from visiespiegel.insights.disclosure import Atom
from visiespiegel.insights.vectors import Layout
from visiespiegel.rounds.enums import Kind
from visiespiegel.rounds.models import Answer, Round

KIND_INDEX = {Kind.NOW: 0, Kind.WANTED: 1}


def layout_of(round_: Round) -> Layout:
    keys = keys_of(round_.framework_id)
    return Layout(themes=tuple(keys.themes), models=tuple(keys.models))


def atom_vectors(round_: Round, layout: Layout, people: dict[Atom, int]) -> dict[Atom, list[int]]:
    """Per atom: n (from `people`), answer counts and transitions, as vectors."""
    keys = keys_of(round_.framework_id)
    theme_index = {id_: i for i, id_ in enumerate(keys.themes.values())}
    model_index = {id_: i for i, id_ in enumerate(keys.models.values())}
    vectors: dict[Atom, list[int]] = {}
    for atom, n in people.items():
        vectors[atom] = layout.zeros()
        vectors[atom][0] = n
    answers = Answer.objects.filter(round=round_)
    rows = (
        answers.values_list("response__unit_id", "response__role", "theme_id", "kind", "model_id")
        .annotate(n=Sum("weight"))
        .order_by()
    )
    for unit, role, theme, kind, model, n in rows:
        index = layout.count_at(theme_index[theme], KIND_INDEX[kind], model_index[model])
        vectors[unit, role][index] += n
    for unit, role, theme, now, wanted, n in _transitions(answers):
        index = layout.transition_at(theme_index[theme], model_index[now], model_index[wanted])
        vectors[unit, role][index] += n
    return vectors


def _transitions(answers) -> list[tuple]:
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
