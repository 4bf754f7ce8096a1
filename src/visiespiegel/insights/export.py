"""The published figures as a long table for data teams: one row per group x theme x kind x
model. Exactly the groups the pages show, through the one door (`selectors.every_group`); a
hidden group is a row that says so, with no numbers.

Text that a spreadsheet would run as a formula (OWASP CSV injection: a leading =, +, -, @,
tab or carriage return) is neutralised with a leading apostrophe; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from visiespiegel.insights import selectors
from visiespiegel.insights.aggregation import layout_of
from visiespiegel.rounds.models import Round

HEADER = [
    "unit_id", "unit", "role", "shown", "n", "theme", "kind", "model", "count", "mean",
    "consensus",
]  # fmt: skip
KINDS = ("now", "wanted")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_START) else text


def long_rows(round_: Round) -> Iterator[list]:
    """The rows after the header: values as they are (ints, floats, bools, None for empty)."""
    layout = layout_of(round_)
    names = dict(round_.organisation.units.values_list("id", "name"))
    for unit_id, role, published in selectors.every_group(round_):
        group = [unit_id, neutralised(names.get(unit_id, "")) if unit_id else "", role]
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


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def as_csv(round_: Round, *, separator: str = ",") -> Iterator[str]:
    """UTF-8 text with a byte order mark (Excel reads the accents), line by line, so a large
    round streams instead of piling up in memory."""
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
        yield line([_cell(v) for v in row])
