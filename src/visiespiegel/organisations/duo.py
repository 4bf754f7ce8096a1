"""Reading DUO's open-data files about schools: which boards and school locations there are.

DUO publishes them as CSV (semicolons, values in quotes, Windows-1252 in older files, UTF-8
with or without a byte order mark in newer ones). The coordinator downloads them; nothing is
fetched here. Three shapes are recognised by their first line, whatever the file is called:

- locations ("alle vestigingen"): BEVOEGD GEZAG NUMMER, BRIN NUMMER (newer files:
  INSTELLINGSCODE), VESTIGINGSNUMMER (VESTIGINGSCODE), VESTIGINGSNAAM, and where present
  PLAATSNAAM, BEVOEGD GEZAG NAAM and a RIO code (ONDERWIJSLOCATIECODE);
- boards ("alle bevoegde gezagen"): BEVOEGD GEZAG NUMMER and BEVOEGD GEZAG NAAM;
- samenwerkingsverbanden: which locations belong to which one, by a SAMENWERKINGSVERBAND or
  ADMINISTRATIENUMMER column beside the location's BRIN NUMMER and VESTIGINGSNUMMER.

`read` turns the files into a `Register` of the boards and locations of one
samenwerkingsverband, or raises `DuoFileError` with every problem located by file, line and
column. It writes nothing; `services.plan_duo_import` compares the register with the units.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from visiespiegel.text import problem as text_problem

MAX_NAME = 200  # Unit.name
BRIN = re.compile(r"^[0-9]{2}[A-Z]{2}$")
LOCATION_CODE = re.compile(r"^[0-9]{2}[A-Z]{2}[0-9]{2}$")
BOARD_NUMBER = re.compile(r"^[0-9]{1,10}$")
RIO_CODE = re.compile(r"^[0-9A-Z]{3,20}$")

# Column headers as DUO writes them (older and newer files), in capitals with single spaces.
COLUMNS = {
    "board": ("BEVOEGD GEZAG NUMMER", "BEVOEGD GEZAG"),
    "board_name": ("BEVOEGD GEZAG NAAM", "NAAM BEVOEGD GEZAG"),
    "brin": ("BRIN NUMMER", "BRINNUMMER", "INSTELLINGSCODE", "BRIN"),
    "location": ("VESTIGINGSNUMMER", "VESTIGINGSCODE"),
    "name": ("VESTIGINGSNAAM", "NAAM VESTIGING", "INSTELLINGSNAAM VESTIGING"),
    "place": ("PLAATSNAAM", "PLAATSNAAM VESTIGING"),
    "rio": ("ONDERWIJSLOCATIECODE", "RIO CODE", "RIO-CODE"),
    "swv": ("SAMENWERKINGSVERBAND", "ADMINISTRATIENUMMER", "SWV", "CODE SAMENWERKINGSVERBAND"),
}


@dataclass(frozen=True)
class Problem:
    file: str  # empty: about the files together
    line: int  # 0: about the whole file
    column: str  # the column's header as in the file, or empty
    message: str

    def __str__(self) -> str:
        where = [self.file] if self.file else []
        if self.line:
            where.append(_("regel %d") % self.line)
        if self.column:
            where.append(_("kolom %s") % self.column)
        return ", ".join(where) + ": " + self.message if where else self.message


class DuoFileError(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass(frozen=True)
class Location:
    code: str  # BRIN + vestigingsnummer: 12AB00
    name: str
    board: str  # the board's DUO number
    place: str = ""
    rio: str = ""


@dataclass
class Register:
    """The boards (number -> name) and locations of one samenwerkingsverband, in file order."""

    swv: str
    boards: dict[str, str] = field(default_factory=dict)
    locations: list[Location] = field(default_factory=list)

    def as_data(self) -> dict:
        """Plain JSON data (for the session between preview and confirmation)."""
        return {
            "swv": self.swv,
            "boards": self.boards,
            "locations": [
                [loc.code, loc.name, loc.board, loc.place, loc.rio] for loc in self.locations
            ],
        }

    @classmethod
    def from_data(cls, data: dict) -> Register:
        return cls(
            swv=data["swv"],
            boards=dict(data["boards"]),
            locations=[Location(*row) for row in data["locations"]],
        )


def swv_code(value: str) -> str:
    """DUO writes a samenwerkingsverband as PO 22-01, PO22.01 or PO2201: one form for all."""
    return re.sub(r"[\s.\-_/]", "", value).upper()


PARTICLES = {"aan", "de", "den", "der", "het", "in", "op", "onder", "ter", "ten", "van", "bij"}


def place_name(value: str) -> str:
    """DUO writes places in capitals (BERGEN OP ZOOM, 'S-GRAVENHAGE): as people write them."""
    if value != value.upper():
        return value
    words = []
    for index, word in enumerate(value.lower().split()):
        if index and word in PARTICLES:
            words.append(word)
        else:
            words.append("-".join(part[:1].upper() + part[1:] for part in word.split("-")))
    return " ".join(words).replace("'S-", "'s-")


def decode(raw: bytes) -> str:
    """UTF-8 (with or without a byte order mark), else Windows-1252 as older DUO files are."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


@dataclass
class _File:
    name: str
    header: list[str]  # as written in the file
    columns: dict[str, int]  # our key -> index
    rows: list[tuple[int, list[str]]]  # (line, cells)

    def cell(self, cells: list[str], key: str) -> str:
        index = self.columns.get(key)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    def heading(self, key: str) -> str:
        return self.header[self.columns[key]].strip()


def _separator(first_line: str) -> str:
    return ";" if first_line.count(";") >= first_line.count(",") else ","


def _parse(name: str, text: str, problems: list[Problem]) -> _File | None:
    if "\x00" in text:
        problems.append(Problem(name, 0, "", _("dit is geen tekstbestand (CSV)")))
        return None
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(first))
    header = next(reader, [])
    normalised = [re.sub(r"\s+", " ", cell).strip().upper() for cell in header]
    columns = {}
    for key, names in COLUMNS.items():
        found = [index for index, heading in enumerate(normalised) if heading in names]
        if found:
            columns[key] = found[0]
    rows = []
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            message = _("deze regel heeft %(found)d kolommen, de eerste regel %(expected)d") % {
                "found": len(cells),
                "expected": len(header),
            }
            problems.append(Problem(name, line, "", message))
            continue
        rows.append((line, cells))
    return _File(name, header, columns, rows)


def _location_code(file: _File, line: int, cells: list[str], problems: list[Problem]) -> str:
    """The location's BRIN + vestigingsnummer (12AB00), from a six-character
    VESTIGINGSNUMMER or from BRIN NUMMER and a number of one or two digits."""
    brin = file.cell(cells, "brin").upper()
    value = file.cell(cells, "location").upper()
    if LOCATION_CODE.match(value):
        if brin and brin != value[:4]:
            message = _("%(code)s hoort niet bij BRIN-nummer %(brin)s") % {
                "code": value,
                "brin": brin,
            }
            problems.append(Problem(file.name, line, file.heading("location"), message))
            return ""
        return value
    if re.fullmatch(r"[0-9]{1,2}", value):
        if "brin" in file.columns and BRIN.match(brin):
            return brin + value.zfill(2)
        column = file.heading("brin") if "brin" in file.columns else file.heading("location")
        message = _("‘%s’ is geen BRIN-nummer (twee cijfers en twee letters, zoals 12AB)") % brin
        problems.append(Problem(file.name, line, column, message))
        return ""
    message = _("‘%s’ is geen vestigingsnummer (zoals 12AB00, of 00 naast het BRIN-nummer)") % (
        value
    )
    problems.append(Problem(file.name, line, file.heading("location"), message))
    return ""


def _text(file: _File, line: int, cells: list[str], key: str, problems: list[Problem]) -> str:
    value = re.sub(r"\s+", " ", file.cell(cells, key))
    if (found := text_problem(value)) is not None:
        problems.append(Problem(file.name, line, file.heading(key), _(found)))
        return ""
    if len(value) > MAX_NAME:
        message = _("langer dan %d tekens") % MAX_NAME
        problems.append(Problem(file.name, line, file.heading(key), message))
        return ""
    return value


def _board_number(file: _File, line: int, cells: list[str], problems: list[Problem]) -> str:
    value = file.cell(cells, "board")
    if not BOARD_NUMBER.match(value):
        message = _("‘%s’ is geen nummer van een bevoegd gezag") % value
        problems.append(Problem(file.name, line, file.heading("board"), message))
        return ""
    return value.lstrip("0") or "0"


def read(files: list[tuple[str, bytes]], *, swv: str = "") -> Register:
    """The register of the samenwerkingsverband `swv` (every location in the files when no
    file says which belong to which), or DuoFileError with every problem found."""
    problems: list[Problem] = []
    boards: dict[str, str] = {}
    locations: dict[str, tuple[Location, str, int]] = {}  # code -> (location, file, line)
    members: dict[str, list[tuple[str, str, int, str]]] = {}  # swv -> [(code, file, line, col)]
    first_use: dict[str, tuple[str, int, str]] = {}  # board number -> where a location uses it
    for name, raw in files:
        file = _parse(name, decode(raw), problems)
        if file is None:
            continue
        has = file.columns.keys()
        if "location" in has and "name" in has and not {"board", "swv"} & has:
            message = _("de kolom BEVOEGD GEZAG NUMMER ontbreekt")
            problems.append(Problem(name, 1, "", message))
        elif "location" in has and ({"board", "name"} <= has or "swv" in has):
            for line, cells in file.rows:
                code = _location_code(file, line, cells, problems)
                if "swv" in has and code:
                    value = swv_code(file.cell(cells, "swv"))
                    members.setdefault(value, []).append(
                        (code, name, line, file.heading("location"))
                    )
                if not {"board", "name"} <= has:
                    continue  # only says which samenwerkingsverband a location belongs to
                board = _board_number(file, line, cells, problems)
                location_name = _text(file, line, cells, "name", problems)
                if not location_name and code:
                    message = _("de naam ontbreekt")
                    problems.append(Problem(name, line, file.heading("name"), message))
                place = (
                    place_name(_text(file, line, cells, "place", problems))
                    if "place" in has
                    else ""
                )
                rio = file.cell(cells, "rio").upper() if "rio" in has else ""
                if rio and not RIO_CODE.match(rio):
                    message = _("‘%s’ is geen RIO-code") % rio
                    problems.append(Problem(name, line, file.heading("rio"), message))
                if "board_name" in has and board:
                    board_name = _text(file, line, cells, "board_name", problems)
                    if board_name:
                        boards.setdefault(board, board_name)
                if not (code and board and location_name):
                    continue
                if code in locations:
                    _earlier, earlier_file, earlier_line = locations[code]
                    message = _("vestiging %(code)s staat ook in %(file)s, regel %(line)d") % {
                        "code": code,
                        "file": earlier_file,
                        "line": earlier_line,
                    }
                    problems.append(Problem(name, line, file.heading("location"), message))
                    continue
                location = Location(code, location_name, board, place, rio)
                locations[code] = (location, name, line)
                first_use.setdefault(board, (name, line, file.heading("board")))
        elif "board" in has and "board_name" in has:
            for line, cells in file.rows:
                board = _board_number(file, line, cells, problems)
                board_name = _text(file, line, cells, "board_name", problems)
                if not board_name and board:
                    message = _("de naam ontbreekt")
                    problems.append(Problem(name, line, file.heading("board_name"), message))
                if board and board_name:
                    boards[board] = board_name
        else:
            message = _(
                "niet herkend als DUO-bestand: de eerste regel noemt geen BEVOEGD GEZAG NUMMER "
                "met BEVOEGD GEZAG NAAM (besturen), geen BRIN NUMMER, VESTIGINGSNUMMER en "
                "VESTIGINGSNAAM (vestigingen) en geen SAMENWERKINGSVERBAND met VESTIGINGSNUMMER"
            )
            problems.append(Problem(name, 1, "", message))
    if problems:
        raise _sorted(problems, files)
    register = Register(swv=swv_code(swv))
    selected = _select(register, members, locations, problems)
    for code in selected:
        location = locations[code][0]
        if location.board not in boards:
            where = first_use[location.board]
            message = (
                _(
                    "bevoegd gezag %s heeft geen naam: voeg het DUO-bestand met alle bevoegde "
                    "gezagen toe"
                )
                % location.board
            )
            problems.append(Problem(*where, message))
            boards[location.board] = ""  # said once per board
            continue
        register.locations.append(location)
    if problems:
        raise _sorted(problems, files)
    used = {location.board for location in register.locations}
    register.boards = {number: boards[number] for number in boards if number in used}
    return register


def _sorted(problems: list[Problem], files: list[tuple[str, bytes]]) -> DuoFileError:
    """The problems in the order of the files and their lines."""
    order = {name: index for index, (name, _raw) in enumerate(files)}
    return DuoFileError(sorted(problems, key=lambda p: (order.get(p.file, -1), p.line)))


def _select(register: Register, members, locations, problems: list[Problem]) -> list[str]:
    """The codes of the locations of the chosen samenwerkingsverband, in file order."""
    if not members:
        if register.swv:
            message = _(
                "geen van de bestanden zegt welke vestigingen bij welk samenwerkingsverband "
                "horen: voeg het DUO-bestand met de vestigingen per samenwerkingsverband toe"
            )
            problems.append(Problem("", 0, "", message))
        return list(locations)
    if not register.swv:
        if len(members) > 1:
            message = _("kies één samenwerkingsverband: %s") % ", ".join(sorted(members))
            problems.append(Problem("", 0, "", message))
            return []
        register.swv = next(iter(members))
    if register.swv not in members:
        message = _("samenwerkingsverband %(swv)s staat niet in de bestanden (wel: %(found)s)") % {
            "swv": register.swv,
            "found": ", ".join(sorted(members)),
        }
        problems.append(Problem("", 0, "", message))
        return []
    if not locations:
        message = _("voeg het DUO-bestand met alle vestigingen toe (namen en besturen)")
        problems.append(Problem("", 0, "", message))
        return []
    selected = []
    for code, name, line, column in members[register.swv]:
        if code not in locations:
            message = _("vestiging %s staat in geen van de bestanden met vestigingen") % code
            problems.append(Problem(name, line, column, message))
        elif code not in selected:
            selected.append(code)
    order = {code: index for index, code in enumerate(locations)}
    return sorted(selected, key=order.__getitem__)
