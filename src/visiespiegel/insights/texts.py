"""The framework texts that results pages, signals and the guide refer to."""

from __future__ import annotations

from django.conf import settings

from visiespiegel.frameworks.models import Cell, FrameworkVersion
from visiespiegel.insights.signals import Texts, Thresholds


def framework_texts(framework: FrameworkVersion) -> Texts:
    models = list(framework.models.order_by("position"))
    return Texts(
        themes=dict(framework.themes.order_by("position").values_list("key", "label")),
        models={m.key: m.label for m in models},
        positions={m.key: m.position for m in models},
        headlines={m.key: m.risk_headline for m in models},
        stances={
            (model, theme): stance
            for model, theme, stance in Cell.objects.filter(model__framework=framework).values_list(
                "model__key", "theme__key", "stance"
            )
        },
    )


def thresholds() -> Thresholds:
    return Thresholds(
        risk_share=settings.SIGNAL_RISK_SHARE,
        low_consensus=settings.SIGNAL_LOW_CONSENSUS,
        large_shift=settings.SIGNAL_LARGE_SHIFT,
        role_difference=settings.SIGNAL_ROLE_DIFFERENCE,
        incoherent_range=settings.SIGNAL_INCOHERENT_RANGE,
    )
