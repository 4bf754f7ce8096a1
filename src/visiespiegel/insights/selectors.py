"""Results of a round for any unit subtree and role, aggregated in the database.

A fixed number of queries however many responses there are: the unit tree, response counts per
(unit, role), answer counts per (theme, kind, model), and transition counts per (theme, now,
wanted). Every figure goes through the anonymity rules first.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Sum

from visiespiegel.frameworks.selectors import keys_of
from visiespiegel.insights import anonymity, stats
from visiespiegel.rounds.enums import Kind
from visiespiegel.rounds.models import Answer, Response, Round

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
        return {"n": None, "suppressed": True}
    keys = keys_of(round_.framework_id)
    theme_keys = {i: key for key, i in keys.themes.items()}
    model_keys = {i: key for key, i in keys.models.items()}
    models = list(keys.models)

    answers = _filtered(Answer.objects.filter(round=round_), lat, unit_id, role, "response__")
    counts = {t: {kind: dict.fromkeys(models, 0) for kind in Kind.values} for t in keys.themes}
    for theme_id, kind, model_id, total in (
        answers.values_list("theme_id", "kind", "model_id").annotate(n=Sum("weight")).order_by()
    ):
        counts[theme_keys[theme_id]][kind][model_keys[model_id]] = total

    transitions = {t: {m: dict.fromkeys(models, 0) for m in models} for t in keys.themes}
    pairs = answers.filter(
        kind=Kind.NOW,
        response__answers__kind=Kind.WANTED,
        response__answers__theme_id=F("theme_id"),
    )
    for theme_id, now_id, wanted_id, total in (
        pairs.values_list("theme_id", "model_id", "response__answers__model_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        transitions[theme_keys[theme_id]][model_keys[now_id]][model_keys[wanted_id]] = total

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
