"""The published figures for data teams: a long table (CSV, and sheet `data` of a workbook
with a sheet per view for people), one row per group x theme x kind x model. Exactly the groups
the pages show, through the one door (`selectors.every_group`); a hidden group is a row that
says so, with no numbers. The sheets for people carry a label beside every key (role, theme,
model), and every sheet has its header row frozen, a filter on its columns and set widths.

Text that a spreadsheet would run as a formula (OWASP CSV injection: a leading =, +, -, @,
tab or carriage return) is neutralised with a leading apostrophe; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from visiespiegel.insights import selectors
from visiespiegel.insights.aggregation import layout_of
from visiespiegel.insights.signals import Texts
from visiespiegel.insights.texts import framework_texts
from visiespiegel.rounds.models import Round
from visiespiegel.rounds.selectors import offered_units, participation, role_choices
from visiespiegel.text import xml_safe

HEADER = [
    "unit_id", "unit", "role", "shown", "n", "theme", "kind", "model", "count", "mean",
    "consensus",
]  # fmt: skip
KINDS = ("now", "wanted")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Column widths in characters, by header: keys narrow, names wide; other columns fit their header.
WIDTHS = {
    "unit_id": 9, "unit": 32, "role": 16, "role_label": 30, "theme": 18, "theme_label": 44,
    "kind": 8, "model": 14, "model_label": 18, "now": 14, "now_label": 18, "wanted": 14,
    "wanted_label": 18, "text": 80, "field": 14, "value": 40,
}  # fmt: skip


def neutralised(text: str) -> str:
    """Text a spreadsheet would not run as a formula, without the control characters a
    workbook cannot hold (a remark pasted from a word processor may carry them)."""
    text = xml_safe(text)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def long_rows(round_: Round, groups: list | None = None) -> Iterator[list]:
    """The rows after the header: values as they are (ints, floats, bools, None for empty)."""
    layout = layout_of(round_)
    for group, published in _groups(round_) if groups is None else groups:
        if not published.shown:
            for theme in layout.themes:
                for kind in KINDS:
                    for model in layout.models:
                        yield [*group, False, None, theme, kind, model, None, None, None]
            continue
        figures = published.figures
        for theme in figures["themes"]:
            for kind in KINDS:
                block = theme[kind]
                for model, count in block["counts"].items():
                    yield [
                        *group, True, figures["n"], theme["theme"], kind, model, count,
                        block["mean"], block["consensus"],
                    ]  # fmt: skip


def _cell(value, decimal: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(value).replace(".", decimal)
    return str(value)


def as_csv(round_: Round, *, separator: str = ",") -> Iterator[str]:
    """UTF-8 text with a byte order mark (Excel reads the accents), line by line, so a large
    round streams instead of piling up in memory. With `;` (Dutch Excel) decimals get a comma,
    as Dutch Excel reads them."""
    decimal = "," if separator == ";" else "."
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=separator, lineterminator="\r\n")

    def line(values) -> str:
        writer.writerow(values)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield "\ufeff" + line(HEADER)
    for row in long_rows(round_):
        yield line([_cell(v, decimal) for v in row])


def _unit_names(round_: Round) -> dict[int, str]:
    """The round's units by the names they had when it opened."""
    return {unit.pk: neutralised(unit.name) for unit in offered_units(round_)}


def _groups(round_: Round, names: dict[int, str] | None = None) -> list:
    """Every group once, with its leading cells (unit id, unit name, role)."""
    names = _unit_names(round_) if names is None else names
    return [
        ([unit_id, names.get(unit_id, "") if unit_id else "", role], published)
        for unit_id, role, published in selectors.every_group(round_)
    ]


def _labelled(group: list, roles: dict[str, str]) -> list:
    """A group's leading cells with the role's label beside its key."""
    unit_id, unit, role = group
    return [unit_id, unit, role, neutralised(roles[role])]


def _theme_rows(groups: list, models: tuple[str, ...], texts: Texts, roles) -> Iterator[list]:
    for group, published in groups:
        if not published.shown:
            yield [*_labelled(group, roles), False, None]
            continue
        for theme in published.figures["themes"]:
            shares = []
            for kind in KINDS:
                counts = theme[kind]["counts"]
                total = sum(counts.values()) or 1
                shares += [round(counts[m] / total, 4) for m in models]
            yield [
                *_labelled(group, roles), True, published.figures["n"], theme["theme"],
                texts.themes[theme["theme"]], theme["now"]["mean"], theme["wanted"]["mean"],
                theme["shift"], theme["now"]["consensus"], theme["wanted"]["consensus"], *shares,
            ]  # fmt: skip


def _transition_rows(groups: list, texts: Texts, roles) -> Iterator[list]:
    for group, published in groups:
        if not published.shown:
            yield [*_labelled(group, roles), False]
            continue
        for theme in published.figures["themes"]:
            for now, row in theme["transitions"].items():
                for wanted, count in row.items():
                    yield [
                        *_labelled(group, roles), True, theme["theme"],
                        texts.themes[theme["theme"]], now, texts.models[now], wanted,
                        texts.models[wanted], count,
                    ]  # fmt: skip


def _add_sheet(book: Workbook, title: str, header: list[str], rows) -> None:
    """One sheet: widths and the frozen header row first (a write-only sheet writes them
    before its rows), then the rows, then a filter over all of them."""
    sheet = book.create_sheet(title)
    for number, name in enumerate(header, start=1):
        width = WIDTHS.get(name, max(len(name) + 3, 10))
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"
    sheet.append(header)
    last = 1
    for row in rows:
        sheet.append(row)
        last += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{last}"


def as_xlsx(round_: Round) -> bytes:
    """A workbook: the long table as sheet `data` (the CSV's), then for people a sheet per view
    with labels beside the keys (themes, transitions, participation per unit and per role,
    remarks that are not hidden). Built write-only, row by row; every figure sheet from one
    reading of the groups, so all show the same snapshot."""
    models = layout_of(round_).models
    texts = framework_texts(round_.framework)
    roles = {"": _("alle rollen"), **dict(role_choices(round_))}
    names = _unit_names(round_)
    groups = _groups(round_, names)
    book = Workbook(write_only=True)
    sheets = {
        "data": (HEADER, long_rows(round_, groups)),
        "themes": (
            ["unit_id", "unit", "role", "role_label", "shown", "n", "theme", "theme_label",
             "mean_now", "mean_wanted", "shift", "consensus_now", "consensus_wanted",
             *[f"share_{kind}_{m}" for kind in KINDS for m in models]],
            _theme_rows(groups, models, texts, roles),
        ),
        "transitions": (
            ["unit_id", "unit", "role", "role_label", "shown", "theme", "theme_label", "now",
             "now_label", "wanted", "wanted_label", "count"],
            _transition_rows(groups, texts, roles),
        ),
    }  # fmt: skip
    counted = participation(round_)
    sheets["participation_units"] = (
        ["unit_id", "unit", "responses", "expected"],
        [[u.unit.pk, neutralised(u.unit.name), u.responses, u.expected] for u in counted.by_unit],
    )
    # by_role follows the round's roles, in order.
    sheets["participation_roles"] = (
        ["role", "role_label", "responses"],
        [
            [key, neutralised(str(label)), n]
            for key, (label, n) in zip(round_.roles, counted.by_role, strict=True)
        ],
    )
    sheets["remarks"] = (
        ["unit_id", "unit", "theme", "theme_label", "text"],
        [
            [r.block, names.get(r.block, ""), r.theme.key, r.theme.label, neutralised(r.text)]
            for r in selectors.remarks(round_).visible
        ],
    )
    snapshot = selectors.snapshot_publishing_final(round_)
    sheets["about"] = (
        ["field", "value"],
        [
            ["round", neutralised(round_.title)],
            ["organisation", neutralised(round_.organisation.name)],
            ["framework", f"{round_.framework.key} v{round_.framework.number}"],
            ["threshold", round_.threshold],
            ["snapshot", snapshot.number if snapshot else None],
            ["final", snapshot.final if snapshot else False],
            [
                "published_at",
                localtime(snapshot.created_at).replace(tzinfo=None) if snapshot else None,
            ],
            # Made-up answers (round create --synthetic): never to be read as real figures.
            ["test_data", round_.synthetic],
        ],
    )
    for title, (header, rows) in sheets.items():
        _add_sheet(book, title, header, rows)
    return _stable_bytes(book, round_.closed_moment() or (snapshot and snapshot.created_at))


def _stable_bytes(book: Workbook, moment: datetime | None) -> bytes:
    """The workbook with every date openpyxl would stamp (its created and modified
    properties, each file's time in the zip) set to `moment`: the round's closing, else the
    snapshot's publication. The same figures give the same bytes, so a closed round's
    workbook is byte for byte the same whenever it is downloaded."""
    moment = moment or timezone.now()
    book.properties.created = book.properties.modified = moment.astimezone(UTC).replace(tzinfo=None)
    written = io.BytesIO()
    ExcelWriter(book, zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED)).save()
    stamp = localtime(moment).timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(written) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            dated = zipfile.ZipInfo(info.filename, date_time=stamp)
            target.writestr(dated, source.read(info), compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def file_name(round_: Round, extension: str) -> str:
    """peiling-ID.csv, with "-testgegevens" for a round of made-up answers."""
    return f"peiling-{round_.pk}{'-testgegevens' if round_.synthetic else ''}.{extension}"


def download(round_: Round, kind: str) -> HttpResponse:
    """The workbook ("xlsx") or the long table as CSV separated by `kind` ("," or ";"), as an
    attachment (the API and the downloads page alike)."""
    if kind == "xlsx":
        response = HttpResponse(as_xlsx(round_), content_type=XLSX)
    else:
        response = StreamingHttpResponse(
            as_csv(round_, separator=kind), content_type="text/csv; charset=utf-8"
        )
    name = file_name(round_, "xlsx" if kind == "xlsx" else "csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
