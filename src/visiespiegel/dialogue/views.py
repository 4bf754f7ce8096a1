"""The ambition, the vision text and the risk plan of a round, for the whole round or a unit.
Every member reads; coordinators and managers write. Pages go through rounds.access (404 for
outsiders)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from visiespiegel.dialogue import selectors, services, vision
from visiespiegel.dialogue.forms import (
    AmbitionForm,
    MeasureForm,
    PlanFilter,
    UnitFilter,
    VisionTextForm,
)
from visiespiegel.dialogue.models import Measure, VisionText
from visiespiegel.frameworks import cache as framework_cache
from visiespiegel.frameworks.models import RiskItem
from visiespiegel.organisations.enums import MemberRole
from visiespiegel.rounds.access import round_for
from visiespiegel.rounds.selectors import round_unit


def _page(request, round_id: int, *, write: bool = False) -> dict:
    """The round, the chosen unit (?eenheid=) and what the member may do."""
    round_, membership = round_for(request.user, round_id, write=write)
    form = UnitFilter(request.GET or None, round_=round_)
    if form.is_bound and not form.is_valid():
        raise Http404
    unit_id = form.cleaned_data["eenheid"] if form.is_bound else None
    unit = round_unit(round_, unit_id) if unit_id else None
    return {
        "round": round_,
        "organisation": round_.organisation,
        "unit": unit,
        "unit_id": unit_id,
        "unit_form": form,
        "can_write": MemberRole(membership.role).can_write,
        "query": urlencode({"eenheid": unit.pk}) if unit else "",
    }


def _back(name: str, round_id: int, unit_id: int | None):
    """Back to a page of the round, for the same unit."""
    target = redirect(name, round_id=round_id)
    if unit_id:
        target["Location"] += "?" + urlencode({"eenheid": unit_id})
    return target


@login_required
def ambition(request, round_id: int):
    context = _page(request, round_id, write=request.method == "POST")
    round_, unit = context["round"], context["unit"]
    content = framework_cache.content(round_.framework)
    current = selectors.current_choices(round_, unit)
    form = AmbitionForm(
        request.POST or None, themes=content.themes, models=content.models, current=current
    )
    if request.method == "POST" and form.is_valid():
        made = services.set_choices(
            round_=round_,
            unit=unit,
            choices=[
                services.ChoiceIn(theme, model, rationale, decided_by=by, decided_at=at)
                for theme, model, rationale, by, at in form.chosen()
            ],
        )
        messages.success(
            request,
            _("Ambitie opgeslagen: %(n)s thema's gewijzigd.") % {"n": len(made)}
            if made
            else _("Er was niets veranderd."),
        )
        return _back("dialogue:ambition", context["round"].pk, context["unit_id"])
    context.update(
        {
            "form": form,
            "current": current,
            "history": selectors.history(round_, unit),
            "follow_up": selectors.follow_up(round_, unit),
            "active": "ambition",
        }
    )
    return render(request, "dialogue/ambition.html", context)


@login_required
def vision_page(request, round_id: int):
    context = _page(request, round_id, write=request.method == "POST")
    round_, unit = context["round"], context["unit"]
    text = VisionText.objects.filter(round=round_, unit=unit).first()
    form = VisionTextForm(request.POST or None, instance=text)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.round, saved.unit = round_, unit
        saved.save()
        messages.success(request, _("Inleiding en slot opgeslagen."))
        return _back("dialogue:vision", context["round"].pk, context["unit_id"])
    context.update({"form": form, "vision": vision.compose(round_, unit), "active": "vision"})
    return render(request, "dialogue/vision.html", context)


@login_required
def vision_download(request, round_id: int):
    """?formaat=docx or md (and ?eenheid=)."""
    kind = request.GET.get("formaat")
    if kind not in ("docx", "md"):
        raise Http404
    context = _page(request, round_id)
    return vision.download(context["round"], context["unit"], kind)


@login_required
def risk_plan(request, round_id: int):
    context = _page(request, round_id)
    round_, unit = context["round"], context["unit"]
    filters = PlanFilter(request.GET or None)
    status = level = ""
    if filters.is_valid():
        status, level = filters.cleaned_data["status"], filters.cleaned_data["niveau"]
    found = list(selectors.measures(round_, unit, status=status, level=level))
    per_risk: dict[int, list[Measure]] = {}
    for measure in found:
        per_risk.setdefault(measure.risk_id, []).append(measure)
    models = [
        (
            model,
            [
                (risk, per_risk.get(risk.pk, []), MeasureForm(auto_id=f"risico-{risk.pk}-%s"))
                for risk in model.risks.all()
                if (not level or risk.level == level) and (not status or risk.pk in per_risk)
            ],
        )
        for model in selectors.plan_models(round_, unit)
    ]
    context.update(
        {
            "filters": filters,
            "models": models,
            "progress": selectors.progress(selectors.measures(round_, unit)),
            "active": "plan",
        }
    )
    return render(request, "dialogue/plan.html", context)


@login_required
@require_POST
def measure_add(request, round_id: int):
    context = _page(request, round_id, write=True)
    round_ = context["round"]
    chosen = request.POST.get("risk", "")
    risk = (
        RiskItem.objects.filter(
            pk=int(chosen) if chosen.isdigit() else 0, model__framework=round_.framework_id
        )
        .select_related("model")
        .first()
    )
    if risk is None:
        raise Http404
    form = MeasureForm(request.POST)
    if form.is_valid():
        services.add_measure(
            round_=round_,
            unit=context["unit"],
            risk=(risk.model.key, risk.level, risk.text),
            data=services.MeasureIn(**form.cleaned_data),
        )
        messages.success(request, _("Maatregel toegevoegd."))
    else:
        messages.error(request, _("De maatregel is niet opgeslagen: beschrijf wat er gebeurt."))
    return _back("dialogue:plan", context["round"].pk, context["unit_id"])


@login_required
def measure_edit(request, measure_id: int):
    measure = Measure.objects.select_related("risk__model", "unit").filter(pk=measure_id).first()
    if measure is None:
        raise Http404
    round_, membership = round_for(request.user, measure.round_id)
    if request.method == "POST" and not MemberRole(membership.role).can_write:
        raise PermissionDenied
    form = MeasureForm.of(measure, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.update_measure(measure=measure, changes=form.cleaned_data)
        messages.success(request, _("Maatregel bijgewerkt."))
        return _back("dialogue:plan", round_.pk, measure.unit_id)
    return render(
        request,
        "dialogue/measure.html",
        {
            "round": round_,
            "organisation": round_.organisation,
            "measure": measure,
            "form": form,
            "can_write": MemberRole(membership.role).can_write,
        },
    )
