"""The units page's import from DUO's files: upload, preview, confirm.

The uploaded files are read once; what they say about the chosen samenwerkingsverband (its
boards and locations, not the files) waits in the session for the confirmation. The preview
shows the plan against the units as they are then, and the confirmation applies it only
while it is still the same plan (`duo_import.PlanChanged` otherwise).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from visiespiegel.organisations.access import organisation_for
from visiespiegel.organisations.duo import DuoFileError, Register, read
from visiespiegel.organisations.duo_import import PlanChanged, apply_duo_import, plan_duo_import
from visiespiegel.organisations.forms import DuoImportForm


def _session_key(organisation) -> str:
    return f"duo_import:{organisation.pk}"


@login_required
def duo_upload(request, slug: str):
    organisation, _membership = organisation_for(request.user, slug, write=True)
    form = DuoImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            register = read(form.cleaned_data["files"], swv=form.cleaned_data["swv"])
        except DuoFileError as error:
            problems = error.problems
        else:
            request.session[_session_key(organisation)] = register.as_data()
            return redirect("organisations:duo-preview", slug=slug)
    return render(
        request,
        "organisations/duo_upload.html",
        {"organisation": organisation, "form": form, "problems": problems},
        status=422 if problems else 200,
    )


@login_required
def duo_preview(request, slug: str):
    organisation, _membership = organisation_for(request.user, slug, write=True)
    data = request.session.get(_session_key(organisation))
    if data is None:
        return redirect("organisations:duo-upload", slug=slug)
    plan = plan_duo_import(organisation=organisation, register=Register.from_data(data))
    return render(
        request, "organisations/duo_preview.html", {"organisation": organisation, "plan": plan}
    )


@login_required
@require_POST
def duo_apply(request, slug: str):
    organisation, _membership = organisation_for(request.user, slug, write=True)
    data = request.session.get(_session_key(organisation))
    if data is None:
        return redirect("organisations:duo-upload", slug=slug)
    try:
        plan = apply_duo_import(
            organisation=organisation,
            register=Register.from_data(data),
            expected=request.POST.get("plan", ""),
        )
    except PlanChanged:
        messages.error(
            request,
            _("De eenheden zijn intussen veranderd. Controleer de wijzigingen opnieuw."),
        )
        return redirect("organisations:duo-preview", slug=slug)
    del request.session[_session_key(organisation)]
    added, renamed = len(plan.added), len(plan.renamed)
    messages.success(
        request,
        ngettext("%d eenheid toegevoegd", "%d eenheden toegevoegd", added) % added
        + ", "
        + ngettext("%d nieuwe naam.", "%d nieuwe namen.", renamed) % renamed,
    )
    return redirect("organisations:units", slug=slug)
