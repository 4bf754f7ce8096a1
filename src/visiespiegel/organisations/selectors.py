from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from visiespiegel.organisations.models import Membership, Organisation, Unit


@dataclass(frozen=True)
class TreeRow:
    unit: Unit
    depth: int
    path: str  # the names of the units above, for screen readers


def unit_tree(organisation: Organisation) -> list[TreeRow]:
    """All units depth-first, each with its depth, in one query."""
    units = list(organisation.units.annotate(responses_count=Count("responses")).order_by("name"))
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    rows: list[TreeRow] = []

    def walk(parent_id: int | None, depth: int, path: str) -> None:
        for unit in children.get(parent_id, []):
            rows.append(TreeRow(unit, depth, path))
            walk(unit.pk, depth + 1, f"{path} › {unit.name}" if path else unit.name)

    walk(None, 0, "")
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
