"""Results of a round for any unit subtree and role, aggregated in the database.

A fixed number of queries however many responses there are: the unit tree, response counts per
(unit, role), answer counts per (theme, kind, model), and transition counts per (theme, now,
wanted). Every figure goes through the anonymity rules first.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Case, Count, F, Max, Sum, When

from visiespiegel.frameworks.selectors import keys_of
from visiespiegel.insights import anonymity, stats
from visiespiegel.rounds.enums import Kind
from visiespiegel.rounds.models import Answer, Remark, Response, Round

ROUNDING = 4


@dataclass(frozen=True)
class Lattice:
    """Sizes of every group a round can be filtered to, from two small queries."""

    parent: dict[int, int | None]
    sizes: dict[tuple[int | None, str], int]

    def subtree(self, unit_id: int) -> set[int]:
        found, frontier = {unit_id}, [unit_id]
        while frontier:
            current = frontier.pop()
            children = [u for u, p in self.parent.items() if p == current]
            found.update(children)
            frontier += children
        return found

    def size(self, unit_id: int | None, role: str | None) -> int:
        units = None if unit_id is None else self.subtree(unit_id)
        return sum(
            n
            for (unit, r), n in self.sizes.items()
            if (units is None or unit in units) and (role is None or r == role)
        )

    def ancestors(
        self, unit_id: int | None, role: str | None
    ) -> list[tuple[int | None, str | None]]:
        """Every larger group: the unit's ancestors up to the whole round, with and without
        the role filter."""
        chain: list[int | None] = []
        current = unit_id
        while current is not None:
            chain.append(current)
            current = self.parent.get(current)
        chain.append(None)
        roles = [role, None] if role else [None]
        return [(u, r) for u in chain for r in roles if (u, r) != (unit_id, role)]

    def shown_size(self, unit_id: int | None, role: str | None, k: int) -> int | None:
        """The group's size, or None when anonymity forbids showing it."""
        n = self.size(unit_id, role)
        larger = [self.size(u, r) for u, r in self.ancestors(unit_id, role)]
        return None if anonymity.suppressed(n, larger, k) else n


def lattice(round_: Round) -> Lattice:
    parent = dict(round_.organisation.units.values_list("id", "parent_id"))
    sizes = {
        (unit, role): n
        for unit, role, n in Response.objects.filter(round=round_)
        .values_list("unit_id", "role")
        .annotate(n=Count("id"))
        .order_by()
    }
    return Lattice(parent=parent, sizes=sizes)


def _filtered(queryset, lat: Lattice, unit_id: int | None, role: str | None, prefix: str):
    if unit_id is not None:
        queryset = queryset.filter(**{f"{prefix}unit_id__in": lat.subtree(unit_id)})
    if role is not None:
        queryset = queryset.filter(**{f"{prefix}role": role})
    return queryset


def _scope(round_: Round, lat: Lattice, unit_id: int | None, role: str | None):
    """The framework's keys, and the round's answers within the unit subtree and role."""
    answers = _filtered(Answer.objects.filter(round=round_), lat, unit_id, role, "response__")
    return keys_of(round_.framework_id), answers


def _block(counts: dict[str, int]) -> dict:
    values = list(counts.values())
    return {
        "counts": counts,
        "mean": round(stats.mean_position(values), ROUNDING),
        "consensus": round(stats.consensus(values), ROUNDING),
    }


def results(round_: Round, *, unit_id: int | None = None, role: str | None = None) -> dict:
    """The figures of one group, exactly as the API, the CLI and the pages show them."""
    lat = lattice(round_)
    n = lat.shown_size(unit_id, role, round_.threshold)
    if n is None:
        return dict(SUPPRESSED)
    keys, answers = _scope(round_, lat, unit_id, role)
    counts, transitions = _aggregate(answers, keys, group=None)
    return _figures(n, counts[None], transitions[None], keys)


def results_per_role(round_: Round, *, unit_id: int | None = None) -> dict[str, dict]:
    """The figures of every role the round offers, within a unit (subtree): two queries more."""
    lat = lattice(round_)
    keys, answers = _scope(round_, lat, unit_id, None)
    counts, transitions = _aggregate(answers, keys, group="response__role")
    per_role = {}
    for role in round_.roles:
        n = lat.shown_size(unit_id, role, round_.threshold)
        per_role[role] = (
            dict(SUPPRESSED) if n is None else _figures(n, counts[role], transitions[role], keys)
        )
    return per_role


def results_per_unit(
    round_: Round, *, unit_id: int | None = None, role: str | None = None
) -> list[tuple[int, dict]]:
    """The figures of each unit directly below `unit_id` (or of the top units), each for its
    whole subtree."""
    lat = lattice(round_)
    keys, answers = _scope(round_, lat, unit_id, role)
    children = [u for u, p in lat.parent.items() if p == unit_id]
    owner = {member: child for child in children for member in lat.subtree(child)}
    counts, transitions = _aggregate(
        answers, keys, group="response__unit_id", merge=lambda unit: owner.get(unit)
    )
    out = []
    for child in children:
        n = lat.shown_size(child, role, round_.threshold)
        out.append(
            (
                child,
                SUPPRESSED if n is None else _figures(n, counts[child], transitions[child], keys),
            )
        )
    return out


SUPPRESSED = {"n": None, "suppressed": True}


def _empty(keys) -> tuple[dict, dict]:
    models = list(keys.models)
    counts = {t: {kind: dict.fromkeys(models, 0) for kind in Kind.values} for t in keys.themes}
    transitions = {t: {m: dict.fromkeys(models, 0) for m in models} for t in keys.themes}
    return counts, transitions


def _aggregate(answers, keys, *, group: str | None, merge=None):
    """Counts per (theme, kind, model) and transitions per (theme, now, wanted), optionally per
    group: two GROUP BY queries in all."""
    theme_keys = {i: key for key, i in keys.themes.items()}
    model_keys = {i: key for key, i in keys.models.items()}
    group_fields = [group] if group else []
    counts: dict = {}
    transitions: dict = {}

    def slot(value):
        name = merge(value) if merge else value
        if name not in counts:
            counts[name], transitions[name] = _empty(keys)
        return name

    rows = (
        answers.values_list(*group_fields, "theme_id", "kind", "model_id")
        .annotate(n=Sum("weight"))
        .order_by()
    )
    for row in rows:
        name = slot(row[0] if group else None)
        theme_id, kind, model_id, total = row[-4:]
        counts[name][theme_keys[theme_id]][kind][model_keys[model_id]] += total
    for row in _transition_rows(answers, group):
        name = slot(row[0] if group else None)
        theme_id, now_id, wanted_id, total = row[-4:]
        transitions[name][theme_keys[theme_id]][model_keys[now_id]][model_keys[wanted_id]] += total
    return _Defaulting(counts, keys, 0), _Defaulting(transitions, keys, 1)


def _transition_rows(answers, group: str | None) -> list[tuple]:
    """Count (theme, now model, wanted model) per group in one statement: the inner query pairs
    each response's two answers on a theme by conditional aggregation (one scan, no
    self-join), the outer one counts the pairs."""
    fields = {"g": F(group)} if group else {}
    pairs = (
        answers.values(**fields, r=F("response_id"), t=F("theme_id"))
        .annotate(
            now_m=Max(Case(When(kind=Kind.NOW, then=F("model_id")))),
            wanted_m=Max(Case(When(kind=Kind.WANTED, then=F("model_id")))),
        )
        .order_by()
    )
    inner, params = pairs.query.sql_with_params()
    columns = ("g, " if group else "") + "t, now_m, wanted_m"
    sql = (
        f"SELECT {columns}, COUNT(*) FROM ({inner}) pairs "  # noqa: S608 - our own columns
        f"WHERE now_m IS NOT NULL AND wanted_m IS NOT NULL GROUP BY {columns}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class _Defaulting(dict):
    """Groups without any answers read as all zeros."""

    def __init__(self, data, keys, which):
        super().__init__(data)
        self.keys, self.which = keys, which

    def __missing__(self, name):
        return _empty(self.keys)[self.which]


def _figures(n: int, counts: dict, transitions: dict, keys) -> dict:
    themes, means = [], {"now": [], "wanted": []}
    for theme in keys.themes:
        now, wanted = counts[theme][Kind.NOW], counts[theme][Kind.WANTED]
        means["now"].append(stats.mean_position(list(now.values())))
        means["wanted"].append(stats.mean_position(list(wanted.values())))
        themes.append(
            {
                "theme": theme,
                "now": _block(now),
                "wanted": _block(wanted),
                "shift": round(stats.shift(list(now.values()), list(wanted.values())), ROUNDING),
                "transitions": transitions[theme],
            }
        )
    return {
        "n": n,
        "suppressed": False,
        "profile": {kind: round(stats.profile_mean(means[kind]), ROUNDING) for kind in means},
        "themes": themes,
    }


def remarks(
    round_: Round, *, unit_id: int | None = None, role: str | None = None
) -> dict[str, list[Remark]]:
    """Remarks of a shown group, split into visible and hidden, without role or unit: a
    remark never says more about its author than the group it is shown for."""
    lat = lattice(round_)
    found = (
        _filtered(Remark.objects.filter(response__round=round_), lat, unit_id, role, "response__")
        .select_related("theme")
        .order_by("theme__position", "id")
    )
    grouped: dict[str, list[Remark]] = {"visible": [], "hidden": []}
    for remark in found:
        grouped["hidden" if remark.hidden else "visible"].append(remark)
    return grouped


def trend(organisation) -> list[tuple[Round, dict]]:
    """Every round of the organisation, oldest first, with its whole-round figures."""
    rounds = organisation.rounds.select_related("framework").order_by("created_at")
    return [(round_, results(round_)) for round_ in rounds]
