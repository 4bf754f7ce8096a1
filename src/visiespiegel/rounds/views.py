"""Coordinator pages for rounds: create, follow participation, open and close, invite."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from visiespiegel.forms import add_service_errors
from visiespiegel.frameworks.selectors import get_framework
from visiespiegel.organisations.access import check_role, organisation_for
from visiespiegel.organisations.enums import MemberRole
from visiespiegel.rounds import codes, lifecycle
from visiespiegel.rounds.access import round_for
from visiespiegel.rounds.codes import normalise_code
from visiespiegel.rounds.coordinator_forms import ExpectedSizesForm, InvitationForm, RoundForm
from visiespiegel.rounds.enums import Access
from visiespiegel.rounds.qr import qr_bytes, qr_inline_svg
from visiespiegel.rounds.selectors import invitation_counts, offered_units, participation


@login_required
def create(request, slug: str):
    organisation, _membership = organisation_for(request.user, slug, write=True)
    default = get_framework(settings.DEFAULT_FRAMEWORK)
    form = RoundForm(
        request.POST or None, organisation=organisation, initial={"framework": default.pk}
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_ = lifecycle.create_round(organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Peiling aangemaakt. Deel de code, link of QR-code."))
            return redirect("rounds:detail", round_id=round_.pk)
    return render(request, "rounds/form.html", {"organisation": organisation, "form": form})


@login_required
def edit(request, round_id: int):
    round_, _membership = round_for(request.user, round_id, write=True)
    answered = round_.responses.exists()
    initial = {
        "title": round_.title,
        "framework": round_.framework_id,
        "threshold": round_.threshold,
        "roles": round_.roles,
        "units": [str(u.pk) for u in round_.units.all()],
        "opens_at": round_.opens_at,
        "closes_at": round_.closes_at,
        "welcome_text": round_.welcome_text,
        "remarks_level": round_.remarks_level,
        "access": round_.access,
    }
    form = RoundForm(request.POST or None, initial=initial, organisation=round_.organisation)
    form.fields["framework"].disabled = True
    if answered:
        for name in ("roles", "units", "access"):
            form.fields[name].disabled = True
        form.fields["threshold"].widget.attrs["min"] = round_.threshold
    if round_.published_at:
        form.fields["remarks_level"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "framework"}
        try:
            lifecycle.update_round(round_=round_, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Peiling opgeslagen."))
            return redirect("rounds:detail", round_id=round_.pk)
    return render(
        request,
        "rounds/form.html",
        {
            "organisation": round_.organisation,
            "form": form,
            "round": round_,
            "answered": answered,
        },
    )


def _join_url(request, round_, unit=None) -> str:
    if unit is None:
        path = reverse("participate:intro", kwargs={"code": round_.code})
    else:
        path = reverse("participate:intro-unit", kwargs={"code": round_.code, "unit_id": unit.pk})
    return request.build_absolute_uri(path)


@login_required
def detail(request, round_id: int):
    round_, membership = round_for(request.user, round_id)
    units = offered_units(round_)
    return render(
        request,
        "rounds/detail.html",
        {
            "round": round_,
            "organisation": round_.organisation,
            "join_url": _join_url(request, round_),
            "unit_links": [(unit, _join_url(request, round_, unit)) for unit in units],
            "participation": participation(round_),
            "can_write": MemberRole(membership.role).can_write,
            "can_manage": membership.role == MemberRole.MANAGER,
            "invitation_form": InvitationForm(units=units),
            "invitations": invitation_counts(round_) if round_.access == Access.PERSONAL else None,
        },
    )


@login_required
def participation_partial(request, round_id: int):
    round_, _membership = round_for(request.user, round_id)
    return render(
        request,
        "rounds/_participation.html",
        {
            "round": round_,
            "participation": participation(round_),
        },
    )


@login_required
@require_POST
def close(request, round_id: int):
    round_, _membership = round_for(request.user, round_id, write=True)
    lifecycle.close_round(round_=round_)
    messages.success(request, _("De peiling is gesloten. Er kunnen geen antwoorden meer bij."))
    return redirect("rounds:detail", round_id=round_.pk)


@login_required
@require_POST
def open_(request, round_id: int):
    round_, _membership = round_for(request.user, round_id, write=True)
    try:
        lifecycle.open_round(round_=round_)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, _("De peiling is open."))
    return redirect("rounds:detail", round_id=round_.pk)


def _unit_of(round_, request):
    unit_id = request.GET.get("eenheid")
    if not unit_id:
        return None
    unit = next((u for u in offered_units(round_) if str(u.pk) == unit_id), None)
    if unit is None:
        raise Http404
    return unit


@login_required
def invitation(request, round_id: int):
    round_, _membership = round_for(request.user, round_id)
    unit = _unit_of(round_, request)
    return render(
        request,
        "rounds/invitation.html",
        {
            "round": round_,
            "unit": unit,
            "join_url": _join_url(request, round_, unit),
            "join_host": request.build_absolute_uri(reverse("participate:join")),
        },
    )


@login_required
def qr(request, round_id: int, kind: str):
    if kind not in ("svg", "png"):
        raise Http404
    round_, _membership = round_for(request.user, round_id)
    unit = _unit_of(round_, request)
    content_type = "image/svg+xml" if kind == "svg" else "image/png"
    response = HttpResponse(
        qr_bytes(_join_url(request, round_, unit), kind), content_type=content_type
    )
    name = f"qr-{round_.code}{f'-{unit.pk}' if unit else ''}.{kind}"
    if request.GET.get("download"):
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def delete(request, round_id: int):
    """Delete a round with all its answers: managers only, after confirming with its code."""
    round_, membership = round_for(request.user, round_id)
    check_role(membership, manage=True)
    error = False
    if request.method == "POST":
        if normalise_code(request.POST.get("code", "")) == round_.code:
            organisation = round_.organisation
            lifecycle.delete_round(round_=round_)
            messages.success(request, _("De peiling en alle antwoorden zijn verwijderd."))
            return redirect("organisations:home", slug=organisation.slug)
        error = True
    return render(
        request,
        "rounds/delete.html",
        {
            "round": round_,
            "organisation": round_.organisation,
            "error": error,
            "responses": round_.responses.count(),
        },
    )


def _batch_key(round_) -> str:
    return f"personal-codes-{round_.pk}"


@login_required
@require_POST
def invitations_create(request, round_id: int):
    """Make personal codes; they are shown once, on the next page, then only hashes remain."""
    round_, _membership = round_for(request.user, round_id, write=True)
    form = InvitationForm(request.POST, units=offered_units(round_))
    if round_.access != Access.PERSONAL or not form.is_valid():
        messages.error(request, _("Kies een aantal tussen 1 en 2000, en een eenheid uit de lijst."))
        return redirect("rounds:detail", round_id=round_.pk)
    unit = form.cleaned_data["unit"]
    made = lifecycle.create_invitations(round_=round_, count=form.cleaned_data["count"], unit=unit)
    request.session[_batch_key(round_)] = {
        "unit": unit.name if unit else "",
        "codes": made,
    }
    return redirect("rounds:invitations", round_id=round_.pk)


def _slips(request, round_, batch) -> list[dict]:
    slips = []
    for code in batch["codes"]:
        path = reverse("participate:intro-personal", kwargs={"code": round_.code, "personal": code})
        url = request.build_absolute_uri(path)
        slips.append({"code": codes.display(code), "url": url, "qr": qr_inline_svg(url)})
    return slips


@login_required
def invitations(request, round_id: int):
    """The codes just made: printable slips (8 per A4) and a CSV for a mail merge."""
    round_, _membership = round_for(request.user, round_id, write=True)
    batch = request.session.get(_batch_key(round_))
    if not batch:
        messages.info(
            request,
            _(
                "Persoonlijke codes worden één keer getoond, direct na het maken. Maak zo nodig "
                "nieuwe codes."
            ),
        )
        return redirect("rounds:detail", round_id=round_.pk)
    if request.GET.get("formaat") == "csv":
        return _invitations_csv(request, round_, batch)
    return render(
        request,
        "rounds/slips.html",
        {
            "round": round_,
            "unit_name": batch["unit"],
            "slips": _slips(request, round_, batch),
            "join_host": request.build_absolute_uri(reverse("participate:join")),
        },
    )


def _invitations_csv(request, round_, batch) -> HttpResponse:
    import csv

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="codes-{round_.code}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with a byte order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["code", "link", "eenheid"])
    for code in batch["codes"]:
        path = reverse("participate:intro-personal", kwargs={"code": round_.code, "personal": code})
        writer.writerow([codes.display(code), request.build_absolute_uri(path), batch["unit"]])
    return response


@login_required
def expected(request, round_id: int):
    """How many people are expected per unit: for the response rate and the padding flag."""
    round_, _membership = round_for(request.user, round_id, write=True)
    units = offered_units(round_)
    current = dict(round_.expected_sizes.values_list("unit_id", "count"))
    form = ExpectedSizesForm(request.POST or None, units=units, initial_sizes=current)
    if request.method == "POST" and form.is_valid():
        lifecycle.set_expected_sizes(round_=round_, sizes=form.sizes())
        messages.success(request, _("Verwachte aantallen opgeslagen."))
        return redirect("rounds:detail", round_id=round_.pk)
    return render(
        request,
        "rounds/expected.html",
        {"round": round_, "organisation": round_.organisation, "form": form},
    )
