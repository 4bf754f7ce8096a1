"""Writes: importing a framework file as an immutable version."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from visiespiegel.frameworks.loader import checksum
from visiespiegel.frameworks.models import (
    Cell,
    FrameworkVersion,
    InclusionModel,
    RiskItem,
    Theme,
)
from visiespiegel.frameworks.schema import FrameworkSpec


@transaction.atomic
def import_framework(*, spec: FrameworkSpec) -> tuple[FrameworkVersion, bool]:
    """Store `spec` as a new version of its framework, unless that content is already stored.

    Returns (version, created). Importing the same content again is a no-op, so the shipped
    file can be imported at every start-up; changed content becomes the next version number.
    """
    digest = checksum(spec)
    existing = FrameworkVersion.objects.filter(key=spec.key, checksum=digest).first()
    if existing:
        return existing, False

    latest = FrameworkVersion.objects.filter(key=spec.key).aggregate(n=Max("number"))["n"]
    version = FrameworkVersion.objects.create(
        key=spec.key,
        number=(latest or 0) + 1,
        title=spec.title,
        checksum=digest,
        source=spec.source or "",
        axis_start=spec.axis.start if spec.axis else "",
        axis_end=spec.axis.end if spec.axis else "",
        risks_title=spec.risks_title or "",
        risks_intro=spec.risks_intro or "",
        audiences=[a.model_dump(mode="json") for a in spec.audiences],
    )
    risks = {risk.model: risk for risk in spec.risks}
    models = {
        m.key: InclusionModel.objects.create(
            framework=version,
            key=m.key,
            position=position,
            label=m.label,
            working_title=m.working_title,
            risk_headline=risks[m.key].headline,
            audiences={k: {"headline": w.headline} for k, w in risks[m.key].audiences.items()},
        )
        for position, m in enumerate(spec.models, start=1)
    }
    themes = {
        t.key: Theme.objects.create(
            framework=version,
            key=t.key,
            position=position,
            label=t.label,
            audiences={
                k: w.model_dump(mode="json", exclude_none=True) for k, w in t.audiences.items()
            },
        )
        for position, t in enumerate(spec.themes, start=1)
    }
    Cell.objects.bulk_create(
        Cell(
            model=models[c.model],
            theme=themes[c.theme],
            stance=c.stance,
            belief=c.belief,
            teacher=c.teacher,
            school=c.school,
            audiences={
                k: w.model_dump(mode="json", exclude_none=True) for k, w in c.audiences.items()
            },
        )
        for c in spec.cells
    )
    RiskItem.objects.bulk_create(
        RiskItem(
            model=models[risk.model],
            level=item.level,
            position=position,
            text=item.text,
            audiences={k: w.items[position - 1] for k, w in risk.audiences.items()},
        )
        for risk in spec.risks
        for position, item in enumerate(risk.items, start=1)
    )
    return version, True
