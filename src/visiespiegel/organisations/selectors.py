from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from visiespiegel.organisations.models import Membership, Organisation, Unit
from visiespiegel.organisations.tree import Tree


@dataclass(frozen=True)
class TreeRow:
    unit: Unit
    depth: int
    path: str  # the names of the units above, for screen readers and search results


def unit_tree(organisation: Organisation, *, search: str = "") -> list[TreeRow]:
    """All units depth-first (children by name), each with its depth and path, in one query;
    with `search`, only units whose name or BRIN contains it (their path says where)."""
    units = {
        unit.pk: unit
        for unit in organisation.units.annotate(responses_count=Count("responses")).order_by("name")
    }
    tree = Tree(
        {pk: unit.parent_id for pk, unit in units.items()},
        order=lambda pk: (units[pk].name.lower(), pk),
    )
    paths: dict[int, str] = {}
    rows = []
    needle = search.strip().lower()
    for pk in tree:
        unit, up = units[pk], tree.parent[pk]
        path = "" if up is None else " › ".join(filter(None, [paths[up], units[up].name]))
        paths[pk] = path
        if needle and needle not in unit.name.lower() and needle not in unit.brin.lower():
            continue
        rows.append(TreeRow(unit, tree.depth[pk], path))
    return rows


def members_of(organisation: Organisation) -> list[Membership]:
    return list(
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__username")
    )


def organisations_with_counts(user):
    return (
        Organisation.objects.filter(memberships__user=user)
        .annotate(
            rounds_count=Count("rounds", distinct=True),
            open_rounds=Count("rounds", filter=Q(rounds__closed_at__isnull=True), distinct=True),
        )
        .order_by("name")
    )
