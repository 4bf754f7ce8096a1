"""The shape of a framework file, checked by pydantic. No Django model imports.

A framework file (YAML; JSON is valid YAML too) has a key, a title, the models of inclusion in
continuum order, the themes in order, one cell per model x theme and one risk block per model.
`check_framework` turns every problem into a located message such as
"themes[3].key: duplicate 'kinderen'".
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

from visiespiegel.text import clean_text

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=40)]
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=2000),
    AfterValidator(clean_text),
]
Label = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=120),
    AfterValidator(clean_text),
]
LevelKey = Literal["leerling", "leraar", "school", "regio"]
LEVELS: tuple[str, ...] = ("leerling", "leraar", "school", "regio")
# Who may get their own wording: parents and pupils read adapted stances, partners (gemeente,
# jeugdhulp, swv staff) read the staff's wording with a note per theme.
AudienceKey = Literal["ouders", "leerlingen", "partners"]
AUDIENCES: tuple[str, ...] = ("ouders", "leerlingen", "partners")
READS_OWN_STANCES: tuple[str, ...] = ("ouders", "leerlingen")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ModelSpec(_Strict):
    key: Slug
    label: Label
    # Only "Specialisme" is a label from the source; the others are working titles that an
    # swv may rename. The placemat marks working titles as such.
    working_title: bool = False
    position: int | None = None


class ThemeWording(_Strict):
    """A theme for one audience: a plainer name, and for partners a note on how to read it."""

    label: Label | None = None
    note: Text | None = None


class ThemeSpec(_Strict):
    key: Slug
    label: Label
    position: int | None = None
    audiences: dict[AudienceKey, ThemeWording] = Field(default_factory=dict)


class CellWording(_Strict):
    """A cell for one audience: the stance in their words and a one-line explanation. An
    adaptation of the source text, which stays the reference."""

    stance: Text
    explanation: Text | None = None


class CellSpec(_Strict):
    model: Slug
    theme: Slug
    stance: Text
    belief: Text
    teacher: Text
    school: Text
    audiences: dict[AudienceKey, CellWording] = Field(default_factory=dict)


class AudienceSpec(_Strict):
    """An audience the file has wording for, and how that wording came about."""

    key: AudienceKey
    label: Label
    note: Text  # shown with the adapted texts: what was adapted, by whom, from what


class RiskItemSpec(_Strict):
    level: LevelKey
    text: Text


class RiskWording(_Strict):
    """A model's risks for one audience in plain language: the headline and every item, in
    the order of the source items (each keeps its item's level). An adaptation of the source
    text, which stays the reference."""

    headline: Text
    items: list[Text] = Field(min_length=1)


class RiskSpec(_Strict):
    model: Slug
    headline: Text
    items: list[RiskItemSpec] = Field(min_length=1)
    audiences: dict[AudienceKey, RiskWording] = Field(default_factory=dict)


class AxisSpec(_Strict):
    start: Label
    end: Label


class FrameworkSpec(_Strict):
    key: Slug
    title: Label
    source: Text | None = None
    axis: AxisSpec | None = None
    risks_title: Label | None = None
    risks_intro: Text | None = None
    # What the pages draw well: up to six models (six colours on the continuum) and twelve
    # themes. A framework beyond that is refused with a clear message.
    models: list[ModelSpec] = Field(min_length=2, max_length=6)
    themes: list[ThemeSpec] = Field(min_length=1, max_length=12)
    cells: list[CellSpec]
    risks: list[RiskSpec]
    audiences: list[AudienceSpec] = Field(default_factory=list)


class FrameworkError(Exception):
    """A framework file that cannot be used; `problems` holds every located message."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def location(loc: tuple[str | int, ...]) -> str:
    """('themes', 3, 'key') -> 'themes[3].key'."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(file)"


def _pydantic_problems(error: ValidationError) -> list[str]:
    problems = []
    for item in error.errors():
        message = item["msg"]
        if item["type"] == "string_pattern_mismatch":
            message = "must be a slug: lower-case letters, digits and single hyphens"
        elif item["type"] == "extra_forbidden":
            message = "unknown field"
        elif item["type"] == "literal_error":
            message = f"must be one of {', '.join(LEVELS)}"
        problems.append(f"{location(item['loc'])}: {message}")
    return problems


def _duplicates(items: list, attr: str, where: str) -> list[str]:
    seen: set[str] = set()
    problems = []
    for index, item in enumerate(items):
        value = getattr(item, attr)
        if value in seen:
            problems.append(f"{where}[{index}].{attr}: duplicate {value!r}")
        seen.add(value)
    return problems


def _positions(items: list, where: str) -> list[str]:
    return [
        f"{where}[{index}].position: is {item.position}, but the list order makes it {index + 1}"
        for index, item in enumerate(items)
        if item.position is not None and item.position != index + 1
    ]


def _relations(spec: FrameworkSpec) -> list[str]:
    """Checks across lists: unique keys, known references, every cell and risk block present."""
    problems = [
        *_duplicates(spec.models, "key", "models"),
        *_duplicates(spec.themes, "key", "themes"),
        *_positions(spec.models, "models"),
        *_positions(spec.themes, "themes"),
    ]
    model_keys = [m.key for m in spec.models]
    theme_keys = [t.key for t in spec.themes]

    seen_cells: set[tuple[str, str]] = set()
    for index, cell in enumerate(spec.cells):
        if cell.model not in model_keys:
            problems.append(f"cells[{index}].model: unknown model {cell.model!r}")
        if cell.theme not in theme_keys:
            problems.append(f"cells[{index}].theme: unknown theme {cell.theme!r}")
        pair = (cell.model, cell.theme)
        if pair in seen_cells:
            problems.append(
                f"cells[{index}]: duplicate cell for model {cell.model!r} and theme {cell.theme!r}"
            )
        seen_cells.add(pair)
    for model in model_keys:
        for theme in theme_keys:
            if (model, theme) not in seen_cells:
                problems.append(f"cells: missing cell for model {model!r} and theme {theme!r}")

    seen_risks: set[str] = set()
    for index, risk in enumerate(spec.risks):
        if risk.model not in model_keys:
            problems.append(f"risks[{index}].model: unknown model {risk.model!r}")
        if risk.model in seen_risks:
            problems.append(f"risks[{index}].model: duplicate risk block for {risk.model!r}")
        seen_risks.add(risk.model)
        order = [LEVELS.index(item.level) for item in risk.items]
        if order != sorted(order):
            problems.append(
                f"risks[{index}].items: levels must be grouped in the order {', '.join(LEVELS)}"
            )
    problems += [
        f"risks: missing risk block for model {model!r}"
        for model in model_keys
        if model not in seen_risks
    ]
    return problems + _audience_problems(spec)


def _audience_problems(spec: FrameworkSpec) -> list[str]:
    """Wording only for declared audiences; parents and pupils get a stance in every cell,
    partners a note on every theme."""
    problems = _duplicates(spec.audiences, "key", "audiences")
    declared = {a.key for a in spec.audiences}
    for where, items in (("themes", spec.themes), ("cells", spec.cells), ("risks", spec.risks)):
        for index, item in enumerate(items):
            problems += [
                f"{where}[{index}].audiences.{key}: audience {key!r} is not declared under "
                "audiences"
                for key in item.audiences
                if key not in declared
            ]
    for key in declared & set(READS_OWN_STANCES):
        problems += [
            f"cells[{index}].audiences: no {key!r} stance for model {cell.model!r} and theme "
            f"{cell.theme!r}"
            for index, cell in enumerate(spec.cells)
            if key not in cell.audiences
        ]
    if "partners" in declared:
        problems += [
            f"themes[{index}].audiences.partners: no note for theme {theme.key!r}"
            for index, theme in enumerate(spec.themes)
            if "partners" not in theme.audiences or not theme.audiences["partners"].note
        ]
    return problems + _risk_wording_problems(spec)


def _risk_wording_problems(spec: FrameworkSpec) -> list[str]:
    """Adapted risks are optional, but an audience that has them has them for every model,
    with one adapted item per source item."""
    problems = []
    adapted = {key for risk in spec.risks for key in risk.audiences}
    for index, risk in enumerate(spec.risks):
        for key in sorted(adapted):
            wording = risk.audiences.get(key)
            if wording is None:
                problems.append(
                    f"risks[{index}].audiences: no {key!r} wording for model {risk.model!r}"
                )
            elif len(wording.items) != len(risk.items):
                problems.append(
                    f"risks[{index}].audiences.{key}.items: {len(wording.items)} items, but the "
                    f"source has {len(risk.items)}"
                )
    return problems


def check_framework(data: object) -> FrameworkSpec:
    """Validate parsed file data; raise FrameworkError listing every problem found."""
    if not isinstance(data, dict):
        raise FrameworkError(["(file): must be a mapping with key, title, models, themes, ..."])
    try:
        spec = FrameworkSpec.model_validate(data)
    except ValidationError as error:
        raise FrameworkError(_pydantic_problems(error)) from None
    if problems := _relations(spec):
        raise FrameworkError(problems)
    return spec


def normalise_space(text: str) -> str:
    """Collapse runs of white space, as the framework's texts are compared and stored."""
    return re.sub(r"\s+", " ", text).strip()
