"""Reads: a framework version as the placemat needs it, and as exported JSON."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Prefetch

from visiespiegel.frameworks.enums import Level
from visiespiegel.frameworks.models import Cell, FrameworkVersion, InclusionModel, RiskItem, Theme
from visiespiegel.frameworks.schema import SLUG_PATTERN


def get_framework(key: str, number: int | None = None) -> FrameworkVersion:
    """The given version of framework `key`, or its latest; raises FrameworkVersion.DoesNotExist.
    A key that cannot be one (also NUL and the like) never reaches the database."""
    if not re.fullmatch(SLUG_PATTERN, key or ""):
        raise FrameworkVersion.DoesNotExist(f"no framework with key {key!r}")
    versions = FrameworkVersion.objects.filter(key=key)
    if number is not None:
        return versions.get(number=number)
    latest = versions.order_by("-number").first()
    if latest is None:
        raise FrameworkVersion.DoesNotExist(f"no framework with key {key!r}")
    return latest


@dataclass(frozen=True)
class RiskLevel:
    level: str
    label: str
    items: list[str]


@dataclass(frozen=True)
class Column:
    model: InclusionModel
    cells: list[Cell]  # in theme order
    risk_levels: list[RiskLevel]


@dataclass(frozen=True)
class Row:
    theme: Theme
    cells: list[Cell]  # in model order


@dataclass(frozen=True)
class Placemat:
    framework: FrameworkVersion
    columns: list[Column]
    rows: list[Row]


def placemat(framework: FrameworkVersion) -> Placemat:
    """The whole framework as a grid, in four queries."""
    models = list(
        InclusionModel.objects.filter(framework=framework)
        .order_by("position")
        .prefetch_related(Prefetch("risks", queryset=RiskItem.objects.order_by("position")))
    )
    themes = list(Theme.objects.filter(framework=framework).order_by("position"))
    cells = {
        (cell.model_id, cell.theme_id): cell
        for cell in Cell.objects.filter(model__framework=framework)
    }
    for cell in cells.values():
        # Share the already loaded objects instead of one query per cell.
        cell.model = next(m for m in models if m.pk == cell.model_id)
        cell.theme = next(t for t in themes if t.pk == cell.theme_id)
    columns = [
        Column(
            model=model,
            cells=[cells[model.pk, theme.pk] for theme in themes],
            risk_levels=risk_levels(model),
        )
        for model in models
    ]
    rows = [Row(theme=theme, cells=[cells[m.pk, theme.pk] for m in models]) for theme in themes]
    return Placemat(framework=framework, columns=columns, rows=rows)


def risk_levels(model: InclusionModel) -> list[RiskLevel]:
    by_level: dict[str, list[str]] = {}
    for item in model.risks.all():
        by_level.setdefault(item.level, []).append(item.text)
    return [
        RiskLevel(level=level.value, label=level.label, items=by_level[level.value])
        for level in Level
        if level.value in by_level
    ]


def framework_as_dict(framework: FrameworkVersion) -> dict:
    """The export format of `visiespiegel framework export` and GET /api/v1/frameworks/{key}."""
    grid = placemat(framework)
    found = {
        "key": framework.key,
        "version": framework.number,
        "title": framework.title,
        "models": [
            {"key": c.model.key, "label": c.model.label, "position": c.model.position}
            for c in grid.columns
        ],
        "themes": [
            {
                "key": r.theme.key,
                "label": r.theme.label,
                "position": r.theme.position,
                **({"audiences": r.theme.audiences} if r.theme.audiences else {}),
            }
            for r in grid.rows
        ],
        "cells": [
            {
                "model": column.model.key,
                "theme": cell.theme.key,
                "stance": cell.stance,
                "belief": cell.belief,
                "teacher": cell.teacher,
                "school": cell.school,
                **({"audiences": cell.audiences} if cell.audiences else {}),
            }
            for column in grid.columns
            for cell in column.cells
        ],
        "risks": [
            {
                "model": column.model.key,
                "headline": column.model.risk_headline,
                "items": [
                    {"level": item.level, "text": item.text} for item in column.model.risks.all()
                ],
                **_risk_audiences(column.model),
            }
            for column in grid.columns
        ],
    }
    if framework.audiences:
        found["audiences"] = framework.audiences
    return found


def _risk_audiences(model: InclusionModel) -> dict:
    """A risk block's adaptations in the file format: {"audiences": {key: {headline, items}}}."""
    if not model.audiences:
        return {}
    items = list(model.risks.all())
    return {
        "audiences": {
            key: {"headline": wording["headline"], "items": [i.audiences[key] for i in items]}
            for key, wording in model.audiences.items()
        }
    }


@dataclass(frozen=True)
class Keys:
    """Theme and model keys of a framework version, mapped to their ids."""

    themes: dict[str, int]
    models: dict[str, int]


def keys_of(framework_id: int) -> Keys:
    """Two light queries: keys and ids only, no model instances."""
    return Keys(
        themes=dict(
            Theme.objects.filter(framework_id=framework_id)
            .order_by("position")
            .values_list("key", "id")
        ),
        models=dict(
            InclusionModel.objects.filter(framework_id=framework_id)
            .order_by("position")
            .values_list("key", "id")
        ),
    )
