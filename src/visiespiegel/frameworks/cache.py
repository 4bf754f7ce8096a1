"""What a framework version is made of, read once per process.

Versions are immutable (keyed by id and checksum, which no other version shares); only model
labels may be renamed in the admin, so what is read is kept for FRAMEWORK_CACHE_SECONDS.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch

from visiespiegel.frameworks.models import (
    Cell,
    FrameworkVersion,
    InclusionModel,
    RiskItem,
    Theme,
)
from visiespiegel.frameworks.selectors import Keys, keys_of

_keys: dict[tuple[int, str], tuple[float, Keys]] = {}
_content: dict[tuple[int, str], tuple[float, Content]] = {}


@dataclass(frozen=True)
class Content:
    themes: list[Theme]  # in order
    models: list[InclusionModel]  # in order
    cells: dict[str, list[Cell]]  # per theme key, in model order


def _key(framework: FrameworkVersion) -> tuple[int, str]:
    return framework.pk, framework.checksum


def keys(framework: FrameworkVersion) -> Keys:
    cached = _keys.get(_key(framework))
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    found = keys_of(framework.pk)
    _keys[_key(framework)] = (time.monotonic() + settings.FRAMEWORK_CACHE_SECONDS, found)
    return found


def content(framework: FrameworkVersion) -> Content:
    cached = _content.get(_key(framework))
    if cached is not None and cached[0] > time.monotonic():
        return cached[1]
    themes = list(framework.themes.order_by("position"))
    models = list(
        framework.models.order_by("position").prefetch_related(
            Prefetch("risks", queryset=RiskItem.objects.order_by("position"))
        )
    )
    by_id = {m.pk: m for m in models}
    cells: dict[str, list[Cell]] = {t.key: [] for t in themes}
    theme_by_id = {t.pk: t for t in themes}
    for cell in Cell.objects.filter(theme__framework=framework).order_by(
        "theme__position", "model__position"
    ):
        cell.model, cell.theme = by_id[cell.model_id], theme_by_id[cell.theme_id]
        cells[cell.theme.key].append(cell)
    found = Content(themes=themes, models=models, cells=cells)
    _content[_key(framework)] = (time.monotonic() + settings.FRAMEWORK_CACHE_SECONDS, found)
    return found


def clear() -> None:
    _keys.clear()
    _content.clear()
