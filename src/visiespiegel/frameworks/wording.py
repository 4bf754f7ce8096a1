"""The framework in one audience's words: what every page a participant sees reads (the review,
the own profile, the live phones) instead of the source text, where the framework file has an
adaptation for that audience (schema: `audiences` on themes, cells and risk blocks).

`wording(audience)` works on rows already loaded (cached content, a placemat, a prefetched
model): it asks the database nothing. An audience of None, or a text without an adaptation,
gives the source text.
"""

from __future__ import annotations

from dataclasses import dataclass

from visiespiegel.frameworks.enums import Level
from visiespiegel.frameworks.models import Cell, FrameworkVersion, InclusionModel, Theme
from visiespiegel.frameworks.selectors import RiskLevel, risk_levels


@dataclass(frozen=True)
class ModelRisks:
    """A model's risks as one audience reads them. `adapted`: the headline and levels are a
    plain-language adaptation, and `source_headline` with `source_levels` the framework's text
    to show beside them; otherwise headline and levels are the source text itself."""

    model: InclusionModel
    headline: str
    levels: list[RiskLevel]
    adapted: bool
    source_headline: str
    source_levels: list[RiskLevel]


@dataclass(frozen=True)
class Wording:
    audience: str | None

    def note(self, framework: FrameworkVersion) -> str:
        """The framework's note on this audience's adapted texts (what was adapted, by whom,
        from what), to show beside them; '' when the audience reads the source."""
        found = (a for a in framework.audiences if a["key"] == self.audience)
        return next(found, {}).get("note", "") if self.audience else ""

    def theme(self, theme: Theme) -> str:
        """The theme's name: plainer for parents and pupils."""
        own = theme.audiences.get(self.audience, {}) if self.audience else {}
        return own.get("label") or theme.label

    def theme_note(self, theme: Theme) -> str:
        """How this audience reads the theme (partners), or ''."""
        own = theme.audiences.get(self.audience, {}) if self.audience else {}
        return own.get("note", "")

    def stance(self, cell: Cell) -> str:
        own = cell.wording(self.audience)
        return own["stance"] if own else cell.stance

    def explanation(self, cell: Cell) -> str:
        """One line on the stance, for audiences with their own stances; else ''."""
        own = cell.wording(self.audience)
        return own.get("explanation", "") if own else ""

    def model(self, model: InclusionModel) -> str:
        """A model's name. The same for every audience: the names are the words everyone uses
        together in the dialogue (and a coordinator may rename the working titles)."""
        return model.label

    def risks(self, model: InclusionModel) -> ModelRisks:
        """The model's risks; its risk items must be loaded (prefetched) already."""
        source = risk_levels(model)
        own = model.audiences.get(self.audience) if self.audience else None
        if own is None:
            headline = model.risk_headline
            return ModelRisks(model, headline, source, False, headline, source)
        by_level: dict[str, list[str]] = {}
        for item in model.risks.all():
            by_level.setdefault(item.level, []).append(item.audiences[self.audience])
        levels = [
            RiskLevel(level=level.value, label=level.label, items=by_level[level.value])
            for level in Level
            if level.value in by_level
        ]
        return ModelRisks(model, own["headline"], levels, True, model.risk_headline, source)


def wording(audience: str | None) -> Wording:
    """The framework's texts in this audience's words ("ouders", "leerlingen", "partners"; see
    rounds' Role.audience); None reads the source text."""
    return Wording(audience)
