"""The unit tree from DUO's files: what an import would change (`plan_duo_import`, a read)
and doing it (`apply_duo_import`, one transaction).

Boards (bevoegd gezag) become units of kind "bestuur" at the top of the tree, school
locations units of kind "school" below their board, carrying BRIN + vestigingsnummer and the
RIO code where the file has one. An existing unit is found by its DUO number (boards) or
BRIN + vestigingsnummer (locations) first, then by its name when it has no such number yet.
A newer file renames units and adds locations; a unit that is no longer in the files is
reported, never deleted (rounds and their answers may point at it), and an existing unit is
never moved. Running the same files twice changes nothing the second time.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from visiespiegel.organisations.duo import MAX_NAME, Location, Register
from visiespiegel.organisations.models import Organisation, Unit
from visiespiegel.write_lock import serialized_write

BOARD, SCHOOL = "bestuur", "school"


@dataclass(frozen=True)
class Change:
    kind: str  # BOARD or SCHOOL
    name: str  # the name after the import
    code: str  # the board's DUO number, or the location's BRIN + vestigingsnummer
    parent: str = ""  # the name of the unit above, for locations
    old_name: str = ""  # renamed: the name before
    unit_id: int | None = None  # an existing unit


@dataclass
class DuoPlan:
    register: Register
    added: list[Change] = field(default_factory=list)
    renamed: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)  # DUO or RIO codes filled in
    vanished: list[Change] = field(default_factory=list)  # in the tree, not in the files
    unchanged: int = 0
    new_boards: list[Unit] = field(default_factory=list, repr=False)
    new_locations: list[Unit] = field(default_factory=list, repr=False)
    changed_units: list[Unit] = field(default_factory=list, repr=False)

    @property
    def writes(self) -> bool:
        return bool(self.new_boards or self.new_locations or self.changed_units)

    @property
    def digest(self) -> str:
        """What the preview showed, to tell on confirmation whether the tree changed since."""
        lists = [self.added, self.renamed, self.updated, self.vanished]
        data = [
            [[c.kind, c.name, c.code, c.parent, c.old_name, c.unit_id] for c in x] for x in lists
        ]
        return hashlib.sha256(json.dumps(data).encode()).hexdigest()

    def summary(self) -> dict:
        """The plan as JSON data (the `unit import-duo` command prints it)."""
        return {
            "swv": self.register.swv,
            "boards": len(self.register.boards),
            "locations": len(self.register.locations),
            "added": len(self.added),
            "renamed": [{"id": c.unit_id, "from": c.old_name, "to": c.name} for c in self.renamed],
            "updated": len(self.updated),
            "vanished": [{"id": c.unit_id, "name": c.name, "code": c.code} for c in self.vanished],
            "unchanged": self.unchanged,
        }


class PlanChanged(Exception):
    """The units changed between the preview and its confirmation; here is the new plan."""

    def __init__(self, plan: DuoPlan):
        super().__init__("the units changed since the preview")
        self.plan = plan


def _key(name: str) -> str:
    return name.casefold()


def _with(name: str, qualifier: str) -> str:
    suffix = f" ({qualifier})"
    return name[: MAX_NAME - len(suffix)] + suffix


class _Names:
    """The names taken below each parent (a unit's name is unique among its siblings)."""

    def __init__(self, units: list[Unit], planned: set[int]):
        self.taken: dict[object, set[str]] = {}
        for unit in units:
            if unit.pk not in planned:  # units the import may rename keep no claim
                self.taken.setdefault(unit.parent_id, set()).add(_key(unit.name))

    def fit(self, parent: object, name: str, qualifier: str) -> str:
        taken = self.taken.setdefault(parent, set())
        if _key(name) in taken:
            name = _with(name, qualifier)
        taken.add(_key(name))
        return name


def _location_names(locations: list[Location]) -> dict[str, str]:
    """DUO's name of each location, told apart where one board has two of the same name:
    by place, and by code where the place is the same too."""
    same_name = Counter((loc.board, _key(loc.name)) for loc in locations)
    same_place = Counter((loc.board, _key(loc.name), _key(loc.place)) for loc in locations)
    names = {}
    for loc in locations:
        name = loc.name
        if same_name[loc.board, _key(name)] > 1:
            if loc.place and same_place[loc.board, _key(name), _key(loc.place)] == 1:
                name = _with(name, loc.place)
            else:
                name = _with(name, loc.code)
        names[loc.code] = name
    return names


def plan_duo_import(*, organisation: Organisation, register: Register) -> DuoPlan:
    """What importing `register` would change in the organisation's units. Writes nothing."""
    plan = DuoPlan(register=register)
    units = list(organisation.units.order_by("pk"))
    by_id = {unit.pk: unit for unit in units}
    by_number: dict[str, Unit] = {}
    by_code: dict[str, Unit] = {}
    by_name: dict[str, list[Unit]] = {}  # units without DUO codes, to match by name
    for unit in units:
        if unit.duo_board_number:
            by_number.setdefault(unit.duo_board_number, unit)
        elif len(unit.brin) == 6:
            by_code.setdefault(unit.brin, unit)
        elif not unit.brin:
            by_name.setdefault(_key(unit.name), []).append(unit)

    claimed: set[int] = set()

    def by_name_once(names: list[str], *, board: bool) -> Unit | None:
        """The one unclaimed unit of that name (a board, or not a board), or None."""
        found = {
            unit.pk: unit
            for name in names
            for unit in by_name.get(_key(name), [])
            if unit.pk not in claimed and (unit.kind == BOARD) == board and unit.kind != "swv"
        }
        return next(iter(found.values())) if len(found) == 1 else None

    matches: dict[str, Unit | None] = {}
    for number, name in register.boards.items():
        unit = by_number.get(number) or by_name_once([name], board=True)
        if unit is not None:
            claimed.add(unit.pk)
        matches["bestuur:" + number] = unit
    location_names = _location_names(register.locations)
    for loc in register.locations:
        unit = by_code.get(loc.code) or by_name_once(
            [loc.name, location_names[loc.code]], board=False
        )
        if unit is not None:
            claimed.add(unit.pk)
        matches[loc.code] = unit
    names = _Names(units, claimed)

    boards: dict[str, Unit] = {}
    for number, duo_name in register.boards.items():
        unit = matches["bestuur:" + number]
        if unit is None:
            name = names.fit(None, duo_name, number)
            unit = Unit(organisation=organisation, name=name, kind=BOARD, duo_board_number=number)
            plan.new_boards.append(unit)
            plan.added.append(Change(BOARD, name, number))
        else:
            name = names.fit(unit.parent_id, duo_name, number)
            _update(plan, unit, name=name, brin=unit.brin, rio=unit.rio_code, number=number)
        boards[number] = unit

    for loc in register.locations:
        unit, board = matches[loc.code], boards[loc.board]
        if unit is None:
            name = names.fit(board.pk or id(board), location_names[loc.code], loc.code)
            unit = Unit(
                organisation=organisation,
                parent=board,
                name=name,
                kind=SCHOOL,
                brin=loc.code,
                rio_code=loc.rio,
            )
            plan.new_locations.append(unit)
            plan.added.append(Change(SCHOOL, name, loc.code, parent=board.name))
        else:
            name = names.fit(unit.parent_id, location_names[loc.code], loc.code)
            rio = loc.rio or unit.rio_code
            parent = by_id[unit.parent_id].name if unit.parent_id else ""
            _update(plan, unit, name=name, brin=loc.code, rio=rio, number="", parent=parent)

    for unit in units:
        if unit.pk in claimed or not (unit.duo_board_number or len(unit.brin) == 6):
            continue
        parent = by_id[unit.parent_id].name if unit.parent_id else ""
        code = unit.duo_board_number or unit.brin
        plan.vanished.append(Change(unit.kind, unit.name, code, parent=parent, unit_id=unit.pk))
    return plan


def _update(plan: DuoPlan, unit: Unit, *, name, brin, rio, number, parent="") -> None:
    kind = BOARD if number else SCHOOL
    code = number or brin
    changed = False
    if name != unit.name:
        plan.renamed.append(Change(kind, name, code, parent, old_name=unit.name, unit_id=unit.pk))
        unit.name, changed = name, True
    if (brin, rio, number) != (unit.brin, unit.rio_code, unit.duo_board_number):
        plan.updated.append(Change(kind, name, code, parent, unit_id=unit.pk))
        unit.brin, unit.rio_code, unit.duo_board_number = brin, rio, number
        changed = True
    if changed:
        plan.changed_units.append(unit)
    else:
        plan.unchanged += 1


@serialized_write
@transaction.atomic
def apply_duo_import(
    *, organisation: Organisation, register: Register, expected: str | None = None
) -> DuoPlan:
    """Import `register` into the organisation's units, all in one transaction. With
    `expected` (the digest of the plan a preview showed), refuse with PlanChanged when the
    plan is no longer the same."""
    plan = plan_duo_import(organisation=organisation, register=register)
    if expected is not None and plan.digest != expected:
        raise PlanChanged(plan)
    # Renames first: a new unit may take a name an existing one gives up.
    Unit.objects.bulk_update(
        plan.changed_units, ["name", "brin", "rio_code", "duo_board_number"], batch_size=500
    )
    Unit.objects.bulk_create(plan.new_boards, batch_size=500)
    Unit.objects.bulk_create(plan.new_locations, batch_size=500)
    return plan
