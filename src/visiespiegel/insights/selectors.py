"""The one door for figures: whatever a page, the API, the CLI or a participant sees about a
group comes from the round's latest published snapshot, through these functions.

Nothing here reads raw answers. A round that has closed since its last snapshot gets its final
snapshot on first read (`services.ensure_final`), so a round closed by its closing time needs no
action from anyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import OuterRef, Subquery

from visiespiegel.insights.aggregation import layout_of
from visiespiegel.insights.models import GroupState, PublishedGroup, PublishedRemark, Snapshot
from visiespiegel.insights.services import block_of, ensure_final
from visiespiegel.insights.vectors import Layout, figures
from visiespiegel.organisations.tree import Tree
from visiespiegel.rounds.models import Round

SUPPRESSED = {"n": None, "suppressed": True}
UNPUBLISHED = "unpublished"  # no snapshot yet, or the group is not in it


@dataclass(frozen=True)
class Published:
    """A group as the door lets it out."""

    state: str  # a GroupState value, or UNPUBLISHED
    figures: dict  # the results dict, or exactly SUPPRESSED
    as_of: datetime | None = None  # when the figures were published (a kept group: earlier)

    @property
    def shown(self) -> bool:
        return not self.figures["suppressed"]

    @property
    def kept(self) -> bool:
        return self.state == GroupState.KEPT


HIDDEN = Published(UNPUBLISHED, dict(SUPPRESSED))


def snapshot_publishing_final(round_: Round) -> Snapshot | None:
    """The latest snapshot; a write when the round has closed since it was made: the final
    snapshot is published first (`services.ensure_final`). Every reader here goes through it."""
    return ensure_final(round_)


class _Reader:
    """Turns published rows of one snapshot into `Published` values."""

    def __init__(self, round_: Round, snapshot: Snapshot, layout: Layout | None = None):
        self.snapshot = snapshot
        self.layout = layout or layout_of(round_)
        self._moments: dict[int, datetime] | None = None

    def moment(self, number: int) -> datetime:
        if self._moments is None:
            self._moments = dict(
                Snapshot.objects.filter(round_id=self.snapshot.round_id).values_list(
                    "number", "created_at"
                )
            )
        return self._moments[number]

    def read(self, row: PublishedGroup | None) -> Published:
        if row is None:
            return HIDDEN
        if not GroupState(row.state).visible:
            return Published(row.state, dict(SUPPRESSED))
        as_of = (
            self.snapshot.created_at
            if row.source == self.snapshot.number
            else self.moment(row.source)
        )
        found = figures(self.layout, row.vector)
        found["published_at"] = DjangoJSONEncoder().default(as_of)  # as the API writes it
        return Published(row.state, found, as_of)


def _reader(round_: Round) -> _Reader | None:
    snapshot = snapshot_publishing_final(round_)
    return None if snapshot is None else _Reader(round_, snapshot)


def results(round_: Round, *, unit_id: int | None = None, role: str | None = None) -> Published:
    """One group: a unit with everything below it (None: the whole round), one role or all."""
    reader = _reader(round_)
    if reader is None:
        return HIDDEN
    row = reader.snapshot.groups.filter(unit_id=unit_id, role=role or "").first()
    return reader.read(row)


def results_per_role(round_: Round, *, unit_id: int | None = None) -> dict[str, Published]:
    """Every role the round offers, within a unit (subtree): one query."""
    reader = _reader(round_)
    if reader is None:
        return dict.fromkeys(round_.roles, HIDDEN)
    rows = {
        row.role: row for row in reader.snapshot.groups.filter(unit_id=unit_id).exclude(role="")
    }
    return {role: reader.read(rows.get(role)) for role in round_.roles}


def results_per_unit(
    round_: Round, *, unit_id: int | None = None, role: str | None = None
) -> list[tuple[int, Published]]:
    """The units directly below `unit_id` (or the top units), each with its subtree, in the
    round's published tree."""
    reader = _reader(round_)
    if reader is None:
        return []
    tree = Tree(reader.snapshot.parent_map())
    if unit_id is not None and unit_id not in tree:
        return []
    children = tree.children.get(unit_id, [])
    rows = {
        row.unit_id: row
        for row in reader.snapshot.groups.filter(unit_id__in=children, role=role or "")
    }
    return [(child, reader.read(rows.get(child))) for child in children]


def every_group(round_: Round) -> list[tuple[int | None, str, Published]]:
    """Every group the pages can show, in one query: the whole round, then every unit of the
    round's published tree (parents first), each for all roles ("") and for every role. A group
    the snapshot does not hold is hidden, as on the pages."""
    reader = _reader(round_)
    units: list[int | None] = [None]
    rows: dict[tuple[int | None, str], PublishedGroup] = {}
    if reader is not None:
        units += list(Tree(reader.snapshot.parent_map()))
        rows = {(row.unit_id, row.role): row for row in reader.snapshot.groups.all()}
    return [
        (unit, role, reader.read(rows.get((unit, role))) if reader else HIDDEN)
        for unit in units
        for role in ["", *round_.roles]
    ]


def trend(organisation, rounds: Sequence[Round] | None = None) -> list[tuple[Round, Published]]:
    """Every round of the organisation, oldest first, with its whole-round figures: a fixed
    number of queries however many rounds (closed rounds without a final snapshot get one)."""
    latest = Snapshot.objects.filter(round=OuterRef("pk")).order_by("-number").values("pk")[:1]
    rounds = list(
        organisation.rounds.select_related("framework")
        .annotate(snapshot_id=Subquery(latest))
        .order_by("created_at")
    )
    snapshots = Snapshot.objects.in_bulk([r.snapshot_id for r in rounds if r.snapshot_id])
    for round_ in rounds:
        closed = round_.closed_moment()
        snapshot = snapshots.get(round_.snapshot_id)
        if closed is not None and (snapshot is None or snapshot.created_at < closed):
            snapshot = ensure_final(round_)
            snapshots[snapshot.pk], round_.snapshot_id = snapshot, snapshot.pk
    wanted = [r.snapshot_id for r in rounds if r.snapshot_id]
    rows = {
        row.snapshot_id: row
        for row in PublishedGroup.objects.filter(snapshot_id__in=wanted, unit_id=None, role="")
    }
    layouts: dict[int, Layout] = {}
    found = []
    for round_ in rounds:
        if not round_.snapshot_id:
            found.append((round_, HIDDEN))
            continue
        if round_.framework_id not in layouts:
            layouts[round_.framework_id] = layout_of(round_)
        reader = _Reader(round_, snapshots[round_.snapshot_id], layouts[round_.framework_id])
        found.append((round_, reader.read(rows.get(round_.snapshot_id))))
    return found


@dataclass(frozen=True)
class Remarks:
    """Remarks shown for a filter: per block of the round's remark level, never per role."""

    visible: list[PublishedRemark]
    hidden: list[PublishedRemark]  # hidden by a coordinator; only writers see these
    level: str  # "" for the whole round, else a unit kind
    reason: str = ""  # why nothing can be shown for this filter: per-role | inside-block | none
    block: int | None = None  # for inside-block: the unit whose block holds this unit


def remarks(round_: Round, *, unit_id: int | None = None, role: str | None = None) -> Remarks:
    snapshot = snapshot_publishing_final(round_)
    if snapshot is None:
        return Remarks([], [], round_.remarks_level, reason="none")
    level = snapshot.remarks_level
    if role:
        return Remarks([], [], level, reason="per-role")
    tree = Tree(snapshot.parent_map())
    if unit_id is not None:
        if unit_id not in tree:
            return Remarks([], [], level, reason="none")
        holder = block_of(tree, snapshot.kind_map(), level, unit_id)
        if holder != unit_id and (holder is not None or level == ""):
            return Remarks([], [], level, reason="inside-block", block=holder)
    visible_blocks = [
        block
        for block in snapshot.blocks.filter(
            state__in=[GroupState.SHOWN, GroupState.KEPT]
        ).values_list("unit_id", flat=True)
        if unit_id is None or (block is not None and tree.within(block, unit_id))
    ]
    found = list(
        snapshot.remarks.filter(block__in=[b for b in visible_blocks if b is not None])
        .select_related("theme")
        .order_by("theme__position", "public_id")
    )
    if None in visible_blocks:
        found += snapshot.remarks.filter(block=None).select_related("theme")
        found.sort(key=lambda r: (r.theme.position, r.public_id))
    return Remarks(
        visible=[r for r in found if not r.hidden],
        hidden=[r for r in found if r.hidden],
        level=level,
    )
