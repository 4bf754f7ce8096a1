"""A round's counts per atom (the unit a response is directly at, and its role) as vectors,
read from the tally the write path keeps (rounds/tally.py): one query over at most a few rows
per atom and cell, however many responses there are."""

from __future__ import annotations

from visiespiegel.frameworks import cache as framework_cache
from visiespiegel.insights import noise
from visiespiegel.insights.table import Atom
from visiespiegel.insights.vectors import Layout
from visiespiegel.rounds import tally
from visiespiegel.rounds.enums import Kind
from visiespiegel.rounds.models import Answer, Round

NOW, WANTED = 0, 1  # kind positions in the vectors


def layout_of(round_: Round) -> Layout:
    keys = framework_cache.keys(round_.framework)
    return Layout(themes=tuple(keys.themes), models=tuple(keys.models))


def atom_vectors(round_: Round, layout: Layout) -> dict[Atom, list[int]]:
    """Per atom: n, answer counts and transitions, as vectors (see vectors.Layout)."""
    keys = framework_cache.keys(round_.framework)
    theme_index = {id_: i for i, id_ in enumerate(keys.themes.values())}
    model_index = {id_: i for i, id_ in enumerate(keys.models.values())}
    vectors: dict[Atom, list[int]] = {}
    for unit_key, role, kind, theme, first, second, count in tally.rows(round_):
        atom = (unit_key or None, role)
        vector = vectors.get(atom)
        if vector is None:
            vector = vectors[atom] = layout.zeros()
        if kind == tally.PEOPLE:
            vector[0] += count
        else:  # a pair: one transition, one answer for now and one for wanted
            t, now, wanted = theme_index[theme], model_index[first], model_index[second]
            for position in layout.pair_at(t, now, wanted):
                vector[position] += count
    return vectors


def atom_keys(round_: Round, layout: Layout, secret: bytes) -> dict[Atom, list[int]]:
    """Per atom, in the layout of `atom_vectors`: the sum of the record keys of the people
    counted in each cell (noise.py). Read from the answers, the only place that knows who
    chose what; one query, ordered so that a response's answers arrive together."""
    keys = framework_cache.keys(round_.framework)
    theme_index = {id_: i for i, id_ in enumerate(keys.themes.values())}
    model_index = {id_: i for i, id_ in enumerate(keys.models.values())}
    found: dict[Atom, list[int]] = {}
    rows = (
        Answer.objects.filter(round=round_)
        .order_by("response_id")
        .values_list(
            "response_id", "response__unit_id", "response__role", "theme_id", "kind", "model_id"
        )
    )
    current, record, vector, pairs = None, 0, None, {}

    def finish() -> None:
        for t, (now, wanted) in pairs.items():
            for position in layout.pair_at(t, now, wanted):
                vector[position] += record

    for response, unit, role, theme, kind, model in rows:
        if response != current:
            if current is not None:
                finish()
            current, record, pairs = response, noise.record_key(secret, response), {}
            vector = found.setdefault((unit, role), layout.zeros())
            vector[0] += record
        pair = pairs.setdefault(theme_index[theme], [None, None])
        pair[NOW if kind == Kind.NOW else WANTED] = model_index[model]
    if current is not None:
        finish()
    return found
