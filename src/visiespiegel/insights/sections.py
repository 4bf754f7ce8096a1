"""What each results section draws, for the pages and for the printed report alike: built from
what the door (`selectors`) lets out, never from raw answers."""

from __future__ import annotations

from django.conf import settings
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from visiespiegel.insights import selectors, signals
from visiespiegel.insights.charts import Axis, mini_chart, profile_chart
from visiespiegel.insights.presentation import HIGH_CONSENSUS, theme_views
from visiespiegel.insights.signals import Texts
from visiespiegel.insights.texts import thresholds
from visiespiegel.rounds.models import Round
from visiespiegel.rounds.selectors import offered_units, role_choices


def overview(figures: dict, texts: Texts) -> dict:
    """Profile chart, heat map and the per-theme results of one shown group."""
    return {
        "themes": theme_views(figures, texts.themes, texts.models, texts.positions),
        "low_consensus": settings.SIGNAL_LOW_CONSENSUS,
        "high_consensus": HIGH_CONSENSUS,
        "models": [(key, label, texts.positions[key]) for key, label in texts.models.items()],
        "chart": profile_chart(
            [Axis(texts.positions[key], label) for key, label in texts.models.items()],
            list(texts.themes.values()),
            [t["now"]["mean"] for t in figures["themes"]],
            [t["wanted"]["mean"] for t in figures["themes"]],
        ),
    }


def comparison(
    round_: Round, texts: Texts, *, unit_id: int | None, role: str | None, per: str
) -> dict:
    """One mini profile per group (per role, or per unit directly below `unit_id`) on one
    scale, for the small multiples and the table under them."""
    if per == "eenheid":
        units = {u.pk: u.name for u in offered_units(round_)}
        groups = [
            (units.get(u, "?"), p)
            for u, p in selectors.results_per_unit(round_, unit_id=unit_id, role=role)
        ]
    else:
        labels = dict(role_choices(round_))
        per_role = selectors.results_per_role(round_, unit_id=unit_id)
        groups = [(labels[r], p) for r, p in per_role.items()]
    positions = [texts.positions[m] for m in texts.models]
    return {
        "groups": [(name, published, _mini(positions, published)) for name, published in groups],
        "compare_models": [(label, texts.positions[key]) for key, label in texts.models.items()],
    }


def _mini(positions: list[int], published: selectors.Published) -> dict | None:
    if not published.shown:
        return None
    themes = published.figures["themes"]
    return mini_chart(
        positions, [t["now"]["mean"] for t in themes], [t["wanted"]["mean"] for t in themes]
    )


def signals_and_guide(
    round_: Round, figures: dict, texts: Texts, *, unit_id: int | None, role: str | None
) -> dict:
    """The signals, most important first, and the dialogue guide; role differences only when
    all roles are chosen (and only between roles that are shown themselves)."""
    by_role = None
    if not role:
        per_role = selectors.results_per_role(round_, unit_id=unit_id)
        by_role = {r: p.figures for r, p in per_role.items()}
    role_labels = dict(role_choices(round_))
    return {
        "signals": [
            signals.described(s, texts, role_labels)
            for s in signals.signals(figures, texts, thresholds(), by_role)
        ],
        "guide": [
            signals.described_guide(item, texts, role_labels)
            for item in signals.dialogue_guide(figures, texts, by_role)
        ],
    }


def print_header(round_: Round, unit, role: str | None, published, snapshot) -> str:
    """What every printed page of a results page says on top: round, organisation, group,
    the date of the figures and their n."""
    shown = published is not None and published.shown
    moment = published.as_of if shown else getattr(snapshot, "created_at", None)
    parts = [
        round_.title,
        round_.organisation.name,
        unit.name if unit else _("Alle eenheden"),
        dict(role_choices(round_)).get(role, role) if role else _("alle rollen"),
        date_format(localtime(moment), "j F Y") if moment else "",
        f"n = {published.figures['n']}" if shown else "",
    ]
    return " · ".join(str(p) for p in parts if p)
