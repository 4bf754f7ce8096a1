"""A round's counts per atom (the unit a response is directly at, and its role) as vectors,
read from the tally the write path keeps (rounds/tally.py): one query over at most a few rows
per atom and cell, however many responses there are."""

from __future__ import annotations

from visiespiegel.frameworks import cache as framework_cache
from visiespiegel.insights.disclosure import Atom
from visiespiegel.insights.vectors import Layout
from visiespiegel.rounds import tally
from visiespiegel.rounds.models import Round

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
            vector[layout.transition_at(t, now, wanted)] += count
            vector[layout.count_at(t, NOW, now)] += count
            vector[layout.count_at(t, WANTED, wanted)] += count
    return vectors
