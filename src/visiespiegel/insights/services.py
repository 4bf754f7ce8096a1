"""Writes for insights: publishing a snapshot of a round's results, hiding remarks.

`publish` is the only place where raw answers become figures that anyone may see. It takes
the round's row lock first: on PostgreSQL every write of a response or answer takes a key-share
lock on its round through the foreign key, so the snapshot waits for answers in flight and
reads one consistent state; on SQLite the transaction holds the write lock anyway.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from visiespiegel.insights import noise
from visiespiegel.insights.aggregation import atom_keys, atom_vectors, layout_of
from visiespiegel.insights.disclosure import DERIVABLE, EMPTY, SMALL, History, protect
from visiespiegel.insights.models import (
    GroupState,
    PublishedGroup,
    PublishedRemark,
    RemarkBlock,
    Snapshot,
    SnapshotAtom,
)
from visiespiegel.insights.table import Atom, Group, groups
from visiespiegel.insights.vectors import Layout, add
from visiespiegel.organisations.tree import Tree
from visiespiegel.rounds.lifecycle import fix_units
from visiespiegel.rounds.models import Answer, Draft, Remark, Response, Round, Tally
from visiespiegel.rounds.selectors import offered_units
from visiespiegel.write_lock import serialized_write

REASON_STATE = {
    EMPTY: GroupState.EMPTY,
    SMALL: GroupState.SMALL,
    DERIVABLE: GroupState.DERIVABLE,
}


@serialized_write
def publish(*, round_: Round, final: bool = False) -> Snapshot:
    """Publish the round's results as they are now: a new snapshot that every page, the API
    and the CLI show from now on. Groups whose figures would reveal fewer than k people, now
    or compared with earlier snapshots, show none, or keep what they showed before."""
    with transaction.atomic():
        round_ = (
            Round.objects.select_for_update()
            .select_related("organisation", "framework")
            .get(pk=round_.pk)
        )
        previous = round_.snapshots.order_by("-number").first()
        if round_.units_fixed_at is None:  # a round that opened on its clock, unanswered
            fix_units(round_=round_)
        return _publish(round_, previous, final)


def _publish(round_: Round, previous: Snapshot | None, final: bool) -> Snapshot:
    number = previous.number + 1 if previous else 1
    parent, kinds = _frozen_tree(round_, previous)
    tree = Tree(parent)
    responses = list(
        Response.objects.filter(round=round_).values_list("id", "version", "unit_id", "role")
    )
    roles = list(dict.fromkeys([*round_.roles, *(r for _i, _v, _u, r in responses)]))
    members: dict[Atom, list[list[int]]] = {}
    for id_, version, unit, role in responses:
        members.setdefault((unit, role), []).append([id_, version])
    people = {atom: len(found) for atom, found in members.items()}
    k = round_.threshold

    earlier = _visible_rows(previous)
    history, changes = _history(round_, responses)
    pattern = protect(tree, roles, people, k, changes=changes, history=history)

    layout = layout_of(round_)
    vectors = _group_vectors(tree, roles, atom_vectors(round_, layout), pattern.shown, layout)
    if settings.CELL_KEY_NOISE:
        secret = _noise_secret()
        keys = _group_vectors(tree, roles, atom_keys(round_, layout, secret), vectors, layout)
        vectors = {group: noise.perturb(vector, keys[group]) for group, vector in vectors.items()}
    snapshot = Snapshot.objects.create(
        round=round_,
        number=number,
        final=final,
        threshold=k,
        tree={str(unit): up for unit, up in parent.items()},
        kinds={str(unit): kind for unit, kind in kinds.items()},
        remarks_level=previous.remarks_level if previous else round_.remarks_level,
        responses=len(responses),
    )
    SnapshotAtom.objects.bulk_create(
        SnapshotAtom(
            snapshot=snapshot,
            unit_id=unit,
            role=role,
            people=len(found),
            members=found,
        )
        for (unit, role), found in members.items()
    )
    rows = []
    for group in groups(tree, roles):
        unit, role = group
        if group in pattern.shown:
            row = PublishedGroup(
                state=GroupState.SHOWN,
                source=number,
                updated=group in pattern.changed,
                vector=vectors[group],
            )
        elif group in earlier:
            before = earlier[group]
            row = PublishedGroup(state=GroupState.KEPT, source=before.source, vector=before.vector)
        else:
            row = PublishedGroup(state=REASON_STATE[pattern.reasons[group]])
        row.snapshot, row.unit_id, row.role = snapshot, unit, role or ""
        rows.append(row)
    PublishedGroup.objects.bulk_create(rows, batch_size=2000)
    _publish_remarks(round_, snapshot, previous, tree, kinds, responses)
    if round_.published_at is None:
        Round.objects.filter(pk=round_.pk).update(published_at=snapshot.created_at)
    return snapshot


def _noise_secret() -> bytes:
    """The secret behind every record key: changing it changes the noise of every figure
    published after, so it is derived from SECRET_KEY, which an installation keeps."""
    return f"{settings.SECRET_KEY}:cell-key".encode()


def _frozen_tree(
    round_: Round, previous: Snapshot | None
) -> tuple[dict[int, int | None], dict[int, str]]:
    """The unit tree and unit kinds of the round's first publication: the round's own units,
    fixed when it opened (rounds.lifecycle.fix_units), never the organisation's tree of today.
    A snapshot made before rounds fixed their units keeps its tree; the round's units missing
    from it hang where the round has them (or at the top)."""
    own = offered_units(round_)
    ids = {unit.pk for unit in own}
    fixed = {unit.pk: (unit.parent_id if unit.parent_id in ids else None) for unit in own}
    fixed_kinds = {unit.pk: unit.kind for unit in own}
    if previous is None:
        return fixed, fixed_kinds
    tree, kinds = previous.parent_map(), previous.kind_map()
    for unit in Tree(fixed):
        if unit not in tree:
            up = fixed[unit]
            tree[unit] = up if up in tree else None
            kinds[unit] = fixed_kinds[unit]
    return tree, kinds


def _history(round_: Round, responses: list[tuple]) -> tuple[History | None, Counter]:
    """The earlier publications as periods, and who changed since the last of them.

    A period ends at a snapshot in which some group was updated; snapshots that updated
    nothing end no period (no published figure changed there). Changes are counted per
    person, from who was in each snapshot (response id and version), so someone who revised
    twice in one period counts once."""
    updates: dict[Group, list[int]] = {}
    for unit, role, number in (
        PublishedGroup.objects.filter(snapshot__round=round_, updated=True)
        .order_by("snapshot__number")
        .values_list("unit_id", "role", "snapshot__number")
    ):
        updates.setdefault((unit, role or None), []).append(number)
    now = {id_: ((unit, role), version) for id_, version, unit, role in responses}
    ends = sorted({number for numbers in updates.values() for number in numbers})
    if not ends:
        return None, Counter(atom for atom, _version in now.values())
    then: dict[int, dict] = {number: {} for number in ends}
    for number, unit, role, found in SnapshotAtom.objects.filter(
        snapshot__round=round_, snapshot__number__in=ends
    ).values_list("snapshot__number", "unit_id", "role", "members"):
        then[number].update({id_: ((unit, role), version) for id_, version in found})
    periods, before = [], {}
    for number in ends:
        periods.append(_changes(before, then[number]))
        before = then[number]
    position = {number: i for i, number in enumerate(ends, start=1)}
    history = History(
        periods=periods,
        updates={g: [position[n] for n in numbers] for g, numbers in updates.items()},
    )
    return history, _changes(before, now)


def _changes(before: dict, after: dict) -> Counter:
    """People per atom who joined, revised or left between two states {id: (atom, version)}."""
    changed: Counter = Counter()
    for id_, (atom, version) in after.items():
        old = before.get(id_)
        if old is None or old[1] != version:
            changed[atom] += 1
    for id_, (atom, _version) in before.items():
        if id_ not in after:
            changed[atom] += 1
    return changed


def _visible_rows(snapshot: Snapshot | None) -> dict[Group, PublishedGroup]:
    if snapshot is None:
        return {}
    rows = snapshot.groups.filter(state__in=[GroupState.SHOWN, GroupState.KEPT])
    return {(row.unit_id, row.role or None): row for row in rows}


def _group_vectors(
    tree: Tree,
    roles: Iterable[str],
    atoms: dict[Atom, list[int]],
    wanted: Iterable[Group],
    layout: Layout,
) -> dict[Group, list[int]]:
    """The vectors of the wanted groups, summed bottom-up once per role."""
    wanted = set(wanted)
    found: dict[Group, list[int]] = {}
    totals: dict[int | None, list[int]] = {}
    for role in roles:
        below: dict[int | None, list[int]] = {}
        for unit in [*tree.bottom_up(), None]:
            vector = below.pop(unit, None)
            if (own := atoms.get((unit, role))) is not None:
                vector = add(vector or layout.zeros(), own)
            if vector is None:
                continue
            if (unit, role) in wanted:
                found[unit, role] = list(vector)
            if (unit, None) in wanted:
                totals[unit] = add(totals.get(unit) or layout.zeros(), vector)
            if unit is not None:
                up = tree.parent[unit]
                below[up] = add(below.get(up) or layout.zeros(), vector)
    for unit, vector in totals.items():
        found[unit, None] = vector
    return found


# ---------------------------------------------------------------------------------------------
# Remarks: per block of one level, never per role


def block_of(tree: Tree, kinds: dict[int, str], level: str, unit: int | None) -> int | None:
    """The block a response at `unit` falls in: the nearest unit of kind `level` at or above
    it; None for the whole round (no level) and for responses outside every such unit."""
    if not level or unit is None or unit not in tree:
        return None
    for candidate in [unit, *tree.ancestors(unit)]:
        if kinds.get(candidate) == level:
            return candidate
    return None


def _publish_remarks(round_, snapshot, previous, tree, kinds, responses) -> None:
    level = snapshot.remarks_level
    now: dict[int | None, dict[int, int]] = {}
    for id_, version, unit, _role in responses:
        now.setdefault(block_of(tree, kinds, level, unit), {})[id_] = version
    earlier = {}
    if previous is not None:
        earlier = {
            row.unit_id: row
            for row in previous.blocks.filter(state__in=[GroupState.SHOWN, GroupState.KEPT])
        }
    published_members = _members_by_block(
        round_, tree, kinds, level, {row.source for row in earlier.values()}
    )
    k = snapshot.threshold
    blocks, copied = [], []
    shown_blocks: set[int | None] = set()
    for block in set(now) | set(earlier):
        members = now.get(block, {})
        before = earlier.get(block)
        if before is not None:
            then = published_members.get(before.source, {}).get(block, {})
            moved = _difference(then, members)
            if moved == 0 or (moved >= k and len(members) >= k):
                state, source = GroupState.SHOWN, snapshot.number
            else:
                state, source = GroupState.KEPT, before.source
        elif len(members) >= k:
            state, source = GroupState.SHOWN, snapshot.number
        else:
            state, source = GroupState.SMALL if members else GroupState.EMPTY, None
        blocks.append(RemarkBlock(snapshot=snapshot, unit_id=block, state=state, source=source))
        if state == GroupState.SHOWN and source == snapshot.number:
            shown_blocks.add(block)
        elif state == GroupState.KEPT:
            copied.append((block, before))
    RemarkBlock.objects.bulk_create(blocks)
    fresh = [
        PublishedRemark(
            snapshot=snapshot,
            block=block_of(tree, kinds, level, unit),
            source=snapshot.number,
            theme_id=theme_id,
            text=text,
            public_id=public_id,
            hidden=hidden,
        )
        for unit, theme_id, text, public_id, hidden in Remark.objects.filter(
            response__round=round_
        ).values_list("response__unit_id", "theme_id", "text", "public_id", "hidden")
        if block_of(tree, kinds, level, unit) in shown_blocks
    ]
    kept = [
        PublishedRemark(
            snapshot=snapshot,
            block=remark.block,
            source=remark.source,
            theme_id=remark.theme_id,
            text=remark.text,
            public_id=remark.public_id,
            hidden=remark.hidden,
        )
        for block, _before in copied
        for remark in previous.remarks.filter(block=block)
    ]
    PublishedRemark.objects.bulk_create([*fresh, *kept], batch_size=2000)


def _members_by_block(round_, tree, kinds, level, numbers) -> dict[int, dict]:
    """For the given snapshots: per block, the responses (id -> version) it held then."""
    found: dict[int, dict] = {}
    atoms = SnapshotAtom.objects.filter(snapshot__round=round_, snapshot__number__in=numbers)
    for number, unit, members in atoms.values_list("snapshot__number", "unit_id", "members"):
        block = found.setdefault(number, {}).setdefault(block_of(tree, kinds, level, unit), {})
        block.update(dict(members))
    return found


def _difference(then: dict[int, int], now: dict[int, int]) -> int:
    """How many people joined, left or revised between two versions of a group."""
    left = sum(1 for id_ in then if id_ not in now)
    return left + sum(1 for id_, version in now.items() if then.get(id_) != version)


@transaction.atomic
def set_remark_hidden(*, round_: Round, public_id: str, hidden: bool) -> bool:
    """Hide or show one remark everywhere it is published. False if it is not this round's."""
    live = Remark.objects.filter(response__round=round_, public_id=public_id).update(hidden=hidden)
    published = PublishedRemark.objects.filter(snapshot__round=round_, public_id=public_id).update(
        hidden=hidden
    )
    return bool(live or published)


def ensure_final(round_: Round) -> Snapshot | None:
    """The latest snapshot; when the round has closed since it was made, first the final one."""
    latest = round_.snapshots.order_by("-number").first()
    closed = round_.closed_moment()
    if closed is not None and (latest is None or latest.created_at < closed):
        return publish(round_=round_, final=True)
    return latest


class AnswersKept(Exception):
    """The raw answers may not be deleted (yet): the message says why."""


def answers_deletable_from(round_: Round):
    """When a closed round's raw answers may be deleted: ANSWER_RETENTION_DAYS after it closed
    (None while it is open)."""
    closed = round_.closed_moment()
    return None if closed is None else closed + timedelta(days=settings.ANSWER_RETENTION_DAYS)


@serialized_write
def delete_raw_answers(*, round_: Round, now=None) -> int:
    """Delete a closed round's responses, answers, remarks, drafts and per-theme counts once the
    retention period has passed, keeping the published snapshot: results, reports and exports
    stay exactly as they were; the round can no longer open. Returns the responses deleted."""
    now = now or timezone.now()
    allowed = answers_deletable_from(round_)
    if allowed is None:
        raise AnswersKept(_("De peiling is nog open."))
    if now < allowed:
        raise AnswersKept(
            _("De bewaartermijn loopt tot %(moment)s.")
            % {"moment": date_format(localtime(allowed), "j F Y")}
        )
    ensure_final(round_)  # the final figures first, from the answers, if nobody looked yet
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if locked.answers_deleted_at:
            return 0
        Draft.objects.filter(round=locked).delete()
        Remark.objects.filter(response__round=locked).delete()
        Answer.objects.filter(round=locked).delete()
        deleted = Response.objects.filter(round=locked).delete()[1].get("rounds.Response", 0)
        # The people per unit and role stay (the participation counts); what each chose goes.
        Tally.objects.filter(round=locked).exclude(kind=Tally.PEOPLE).delete()
        locked.answers_deleted_at = now
        locked.save(update_fields=["answers_deleted_at"])
    round_.answers_deleted_at = now
    return deleted
