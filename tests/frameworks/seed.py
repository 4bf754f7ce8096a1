"""An independent reading of the seed text, used to prove the shipped file is faithful to it.

It follows the reading rules in src/visiespiegel/frameworks/data/source/README.md: the text runs
column by column; 24 cells of stance, "Overtuiging:", "Leraar:", "School:"; then four risk
blocks of a headline and bullets per level, where a line that does not start with "- "
continues the bullet above it. Words broken at a line end are joined; the hyphen stays only
where it belongs to the word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

SOURCE = (
    Path(__file__).resolve().parents[2]
    / "src/visiespiegel/frameworks/data/source/visie-passend-onderwijs.txt"
)
# Hyphens at a line end that are part of the word (sociaal-emotionele, pedagogisch-didactisch).
KEPT_HYPHEN_PREFIXES = ("sociaal-", "pedagogisch-")
SECTIONS = {"Overtuiging:": "belief", "Leraar:": "teacher", "School:": "school"}
LEVEL_LINES = {"Leerling": "leerling", "Leraar": "leraar", "School": "school", "Regio": "regio"}


def join_lines(lines: list[str]) -> str:
    text = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not text:
            text = line
        elif text.endswith("-") and not text.endswith(" -"):
            last_word = text.rsplit(" ", 1)[-1]
            text = (text if last_word.endswith(KEPT_HYPHEN_PREFIXES) else text[:-1]) + line
        else:
            text += " " + line
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class SeedCell:
    stance: list[str] = field(default_factory=list)
    belief: list[str] = field(default_factory=list)
    teacher: list[str] = field(default_factory=list)
    school: list[str] = field(default_factory=list)

    def texts(self) -> dict[str, str]:
        return {name: join_lines(getattr(self, name)) for name in ("stance", *SECTIONS.values())}


@dataclass
class SeedRisk:
    headline: list[str]
    items: list[tuple[str, list[str]]] = field(default_factory=list)


def read_seed(path: Path = SOURCE) -> tuple[list[dict[str, str]], list[dict], str]:
    """Return (cells in source order, risk blocks in source order, the risks' intro line)."""
    text = path.read_text(encoding="utf-8")
    matrix, _, risk_part = text.partition("Risico’s en bij-effecten")
    return _read_cells(matrix), *_read_risks(risk_part)


def _read_cells(matrix: str) -> list[dict[str, str]]:
    lines = matrix.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("Ik "))
    cells: list[SeedCell] = []
    section = None
    for line in lines[start:]:
        stripped = line.strip()
        if not stripped:
            continue
        label = next((lab for lab in SECTIONS if stripped.startswith(lab)), None)
        if label:
            section = SECTIONS[label]
            getattr(cells[-1], section).append(stripped[len(label) :])
        elif stripped.startswith("Ik ") and section in (None, "school"):
            cells.append(SeedCell())
            section = "stance"
            cells[-1].stance.append(stripped)
        else:
            getattr(cells[-1], section).append(stripped)
    return [cell.texts() for cell in cells]


def _read_risks(part: str) -> tuple[list[dict], str]:
    lines = part.splitlines()
    intro = ""
    blocks: list[SeedRisk] = []
    level = None
    for line in lines:
        stripped = line.strip()
        if not stripped:
            continue
        if not intro:
            intro = stripped
        elif stripped in LEVEL_LINES:
            level = LEVEL_LINES[stripped]
        elif stripped.startswith("- "):
            blocks[-1].items.append((level, [stripped[2:]]))
        elif line.startswith(" "):
            blocks.append(SeedRisk(headline=[stripped]))
            level = None
        else:
            blocks[-1].items[-1][1].append(stripped)
    return [
        {
            "headline": join_lines(block.headline),
            "items": [{"level": lv, "text": join_lines(words)} for lv, words in block.items],
        }
        for block in blocks
    ], intro
