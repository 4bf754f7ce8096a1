"""Reads for rounds: look-up by code, what a participant sees, participation, profiles."""

from __future__ import annotations

import random
import time
from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count

from visiespiegel.frameworks import cache as framework_cache
from visiespiegel.frameworks.dominance import dominant_models
from visiespiegel.frameworks.models import Cell, InclusionModel, Theme
from visiespiegel.frameworks.wording import ModelRisks, wording
from visiespiegel.organisations.enums import ABOVE_SCHOOL, SCHOOL
from visiespiegel.organisations.models import Unit
from visiespiegel.organisations.tree import Tree
from visiespiegel.rounds import codes, tally
from visiespiegel.rounds.codes import looks_like_code, normalise_code
from visiespiegel.rounds.enums import Access, Kind, Role
from visiespiegel.rounds.models import Answer, Invitation, Response, Round, RoundUnit

_rounds: dict[str, tuple[float, Round]] = {}


def find_round(raw_code: str) -> Round | None:
    """The round by its code (any spelling), with its organisation and framework. Kept for
    ROUND_CACHE_SECONDS per process: every answer checks in the database itself that the round
    is open, so a cached round never lets an answer into a closed round."""
    code = normalise_code(raw_code)
    if not looks_like_code(code):
        return None
    cached = _rounds.get(code)
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    found = Round.objects.select_related("organisation", "framework").filter(code=code).first()
    if found is not None and settings.ROUND_CACHE_SECONDS > 0:
        _rounds[code] = (time.monotonic() + settings.ROUND_CACHE_SECONDS, found)
    return found


def forget_round(round_: Round) -> None:
    """Drop a round from this process's cache after changing it."""
    _rounds.pop(round_.code, None)


def offered_units(round_: Round) -> list[Unit]:
    """The round's units, by name: once the round is open, exactly those fixed when it opened
    (lifecycle.fix_units) with their names and kinds then; before, the units chosen and those
    below them (or all of the organisation's) as they are now. Kept on the round object, so a
    cached round asks once. Participants choose from these; results, filters, reports, exports
    and participation show only these."""
    if not hasattr(round_, "_offered_units"):
        units = _fixed_units(round_) if round_.units_fixed_at else live_units(round_)
        round_._offered_units = sorted(units, key=lambda u: (u.name, u.pk))
        round_._offered_unit_ids = frozenset(u.pk for u in round_._offered_units)
    return round_._offered_units


def live_units(round_: Round) -> list[Unit]:
    """The units chosen for the round and everything below them (all of the organisation's
    when none are chosen), as the organisation's tree holds them now, with their parents."""
    units = list(Unit.objects.filter(organisation=round_.organisation_id).select_related("parent"))
    chosen = list(round_.units.values_list("pk", flat=True)) if round_.pk else []
    if not chosen:
        return units
    tree = Tree({u.pk: u.parent_id for u in units})
    inside = {pk for top in chosen if top in tree for pk in tree.subtree(top)}
    return [u for u in units if u.pk in inside]


def _fixed_units(round_: Round) -> list[Unit]:
    """The round's fixed copy as Unit objects (never saved): names, kinds and parents as they
    were when the round opened."""
    rows = list(RoundUnit.objects.filter(round=round_))
    built = {
        row.unit_key: Unit(
            pk=row.unit_key,
            organisation_id=round_.organisation_id,
            name=row.name,
            kind=row.kind,
            brin=row.brin,
        )
        for row in rows
    }
    for row in rows:
        unit = built[row.unit_key]
        unit._state.adding = False
        if row.parent_key is not None:
            unit.parent = built.get(row.parent_key) or Unit(
                pk=row.parent_key, organisation_id=round_.organisation_id, name=row.parent_name
            )
    return list(built.values())


def round_unit(round_: Round, unit_id: int | None) -> Unit | None:
    """The round's unit by id, as the round knows it (None: not one of the round's)."""
    return next((u for u in offered_units(round_) if u.pk == unit_id), None)


def offered_unit_ids(round_: Round) -> frozenset[int]:
    """The ids of the units a participant may choose (see offered_units)."""
    if not hasattr(round_, "_offered_unit_ids"):
        offered_units(round_)
    return round_._offered_unit_ids


def unit_for_round(round_: Round, unit_id: int) -> Unit | None:
    """The unit, if a participant of this round may choose it."""
    if unit_id not in offered_unit_ids(round_):
        return None
    return Unit.objects.filter(pk=unit_id).first()


def round_offers_units(round_: Round) -> bool:
    return bool(offered_unit_ids(round_))


def only_unit(round_: Round) -> Unit | None:
    """The round's one unit, when it offers exactly one: nobody is asked for it."""
    units = offered_units(round_)
    return units[0] if len(units) == 1 else None


def unit_options(round_: Round, role: str) -> list[Unit]:
    """The units someone in this role chooses from: for roles at a school the offered schools
    and the units in them (locations, teams), never a board (see at_school_level); for the
    others (who may also answer for the whole samenwerkingsverband) the units with units of the
    round under them, such as boards."""
    units = offered_units(round_)
    if role not in Role.values or Role(role).at_school:
        return at_school_level(units) or units  # a round over boards only: its boards
    parents = {u.parent_id for u in units}
    return [u for u in units if u.pk in parents]


def at_school_level(units: list[Unit]) -> list[Unit]:
    """The units a teacher, parent or pupil can be at: all but those that group schools, by
    their kind (swv, bestuur) or because a unit of kind school lies under them (a board
    imported under another name)."""
    by_pk = {u.pk: u for u in units}
    above: set[int] = set()
    for unit in units:
        if unit.kind != SCHOOL:
            continue
        up = unit.parent_id
        while up in by_pk and up not in above:
            above.add(up)
            up = by_pk[up].parent_id
    return [u for u in units if u.pk not in above and u.kind not in ABOVE_SCHOOL]


def default_unit(round_: Round, role: str, unit_id: int | None) -> int | None:
    """The unit a response counts in when none was chosen: the round's only unit."""
    if unit_id is None and (unit := only_unit(round_)) is not None:
        return unit.pk
    return unit_id


def role_choices(round_: Round) -> list[tuple[str, str]]:
    return [(role.value, role.label) for role in Role if role.value in round_.roles]


def themes_of(round_: Round) -> list[Theme]:
    return framework_cache.content(round_.framework).themes


def cells_by_theme(round_: Round) -> dict[str, list[Cell]]:
    """Per theme key, the cells in framework (model) order."""
    return framework_cache.content(round_.framework).cells


def shuffled(cells: list[Cell], seed: str) -> list[Cell]:
    """The same participant always sees the same order; others see another."""
    order = list(cells)
    random.Random(seed).shuffle(order)  # noqa: S311 - an order, not a secret
    return order


@dataclass(frozen=True)
class UnitCount:
    unit: Unit
    responses: int
    expected: int | None  # set by the coordinator, or the personal codes made for the unit

    @property
    def rate(self) -> int | None:
        """Response rate in whole percent."""
        if not self.expected:
            return None
        return round(self.responses * 100 / self.expected)

    @property
    def over(self) -> bool:
        """More responses than expected: someone may have padded the group."""
        return self.expected is not None and self.responses > self.expected


@dataclass(frozen=True)
class Participation:
    total: int
    by_unit: list[UnitCount]
    by_role: list[tuple[str, int]]

    @property
    def flagged(self) -> list[UnitCount]:
        return [row for row in self.by_unit if row.over]


def participation(round_: Round) -> Participation:
    """Counts only: per unit (with what was expected) and per role, from the tally."""
    unit_counts: Counter = Counter()
    role_counts: Counter = Counter()
    for (unit, role), n in tally.people(round_).items():
        unit_counts[unit] += n
        role_counts[role] += n
    expected = dict(round_.expected_sizes.values_list("unit_id", "count"))
    if round_.access == Access.PERSONAL:
        for unit, made in invitation_counts(round_).made.items():
            if unit is not None:
                expected.setdefault(unit, made)
    labels = dict(Role.choices)
    return Participation(
        total=sum(role_counts.values()),
        by_unit=[
            UnitCount(unit, unit_counts.get(unit.pk, 0), expected.get(unit.pk))
            for unit in offered_units(round_)
        ],
        by_role=[(labels[key], role_counts.get(key, 0)) for key in round_.roles],
    )


@dataclass(frozen=True)
class InvitationCounts:
    made: dict[int | None, int]  # per unit id (None: codes without a unit)
    used: dict[int | None, int]

    @property
    def total(self) -> int:
        return sum(self.made.values())

    @property
    def total_used(self) -> int:
        return sum(self.used.values())


def invitation_counts(round_: Round) -> InvitationCounts:
    rows = round_.invitations.values_list("unit_id", "used").annotate(n=Count("id")).order_by()
    made: dict[int | None, int] = {}
    used: dict[int | None, int] = {}
    for unit, is_used, n in rows:
        made[unit] = made.get(unit, 0) + n
        if is_used:
            used[unit] = used.get(unit, 0) + n
    return InvitationCounts(made=made, used=used)


@dataclass(frozen=True)
class ProfileRow:
    theme: Theme
    now: InclusionModel
    wanted: InclusionModel
    label: str  # the theme's name as this participant read it (their audience's wording)
    now_stance: str  # the chosen stances, in the words this participant read
    wanted_stance: str


@dataclass(frozen=True)
class Profile:
    models: list[InclusionModel]
    rows: list[ProfileRow]
    dominant: list[InclusionModel]  # the model(s) holding most "now" answers
    risks: list[ModelRisks]  # of the dominant model(s), in this participant's audience's words


def audience_of(role: str) -> str | None:
    """Whose wording of the framework someone in this role reads (None: the source text)."""
    return Role(role).audience if role in Role.values else None


def profile(response: Response, round_: Round) -> Profile:
    """A participant's own answers (one query; the framework comes from the cache)."""
    content = framework_cache.content(round_.framework)
    models = content.models
    by_pk = {m.pk: m for m in models}
    chosen: dict[int, dict[str, InclusionModel]] = {}
    for theme_id, kind, model_id in Answer.objects.filter(response=response).values_list(
        "theme_id", "kind", "model_id"
    ):
        chosen.setdefault(theme_id, {})[kind] = by_pk[model_id]
    words = wording(audience_of(response.role))
    rows = []
    for theme in content.themes:
        if theme.pk not in chosen:
            continue
        now, wanted = chosen[theme.pk][Kind.NOW], chosen[theme.pk][Kind.WANTED]
        cells = {c.model_id: c for c in content.cells[theme.key]}
        rows.append(
            ProfileRow(
                theme,
                now,
                wanted,
                words.theme(theme),
                words.stance(cells[now.pk]),
                words.stance(cells[wanted.pk]),
            )
        )
    counts = {m: sum(1 for r in rows if r.now.pk == m.pk) for m in models}
    dominant = dominant_models(counts)
    return Profile(
        models=models, rows=rows, dominant=dominant, risks=[words.risks(m) for m in dominant]
    )


def personal_code(round_: Round, code: str) -> Invitation | None:
    """The unused personal code of this round, or None."""
    code = codes.normalise_code(code)
    if not codes.looks_like_personal_code(code):
        return None
    return (
        Invitation.objects.select_related("unit")
        .filter(round=round_, digest=codes.digest(code), used=False)
        .first()
    )


def response_for_edit_token(round_: Round, token: str) -> Response | None:
    return Response.objects.filter(round=round_, edit_token_digest=codes.digest(token)).first()
