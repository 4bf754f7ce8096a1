"""Coordinator pages for an organisation: overview, units (one by one or by CSV), members."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import ProtectedError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from visiespiegel.forms import add_service_errors
from visiespiegel.organisations import services
from visiespiegel.organisations.access import organisation_for
from visiespiegel.organisations.enums import MemberRole
from visiespiegel.organisations.forms import (
    MemberForm,
    NewAccountForm,
    RoleChangeForm,
    TokenForm,
    UnitForm,
    UnitImportForm,
)
from visiespiegel.organisations.models import Membership, Unit
from visiespiegel.organisations.selectors import (
    members_of,
    organisations_with_counts,
    unit_tree,
)

# Extension points that higher apps fill when Django starts (their AppConfig.ready):
# ways to accept an invitation besides a password, callables (request, invitation, token) ->
# a dict with the "template" to include and its context, "passwords": False where the
# organisation takes no new password; and parts of the members page, callables (request,
# organisation) -> such a dict. A callable returns None when it has nothing to offer.
INVITATION_OPTIONS: list[Callable] = []
MEMBERS_PAGE_PARTS: list[Callable] = []


@login_required
def overview(request):
    organisations = list(organisations_with_counts(request.user))
    if len(organisations) == 1:
        return redirect("organisations:home", slug=organisations[0].slug)
    return render(request, "organisations/overview.html", {"organisations": organisations})


@login_required
def home(request, slug: str):
    organisation, membership = organisation_for(request.user, slug)
    rounds = organisation.rounds.with_response_counts().order_by("-created_at")
    return render(
        request,
        "organisations/home.html",
        {
            "organisation": organisation,
            "membership": membership,
            "rounds": rounds,
            "can_write": MemberRole(membership.role).can_write,
        },
    )


def _unit_or_404(organisation, unit_id: int) -> Unit:
    unit = organisation.units.filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


UNITS_PER_PAGE = 100


@login_required
def units(request, slug: str):
    organisation, membership = organisation_for(request.user, slug)
    all_units = list(organisation.units.all())
    form = UnitForm(request.POST or None, units=all_units)
    if request.method == "POST":
        organisation, membership = organisation_for(request.user, slug, write=True)
        if form.is_valid():
            try:
                services.add_unit(organisation=organisation, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Eenheid %s toegevoegd.") % form.cleaned_data["name"])
                return redirect("organisations:units", slug=slug)
    search = request.GET.get("zoek", "").strip()[:100]
    page = Paginator(unit_tree(organisation, search=search), UNITS_PER_PAGE).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "organisations/units.html",
        {
            "organisation": organisation,
            "page": page,
            "rows": page.object_list,
            "search": search,
            "total": len(all_units),
            "form": form,
            "can_write": MemberRole(membership.role).can_write,
        },
    )


@login_required
def unit_template(request, slug: str):
    """An example CSV to fill in: Dutch headers, semicolons, as Dutch Excel saves it."""
    organisation_for(request.user, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="eenheden-voorbeeld.csv"'
    response.write("\ufeffnaam;soort;bovenliggend;brin\r\n")
    response.write("Stichting Voorbeeld;bestuur;;\r\n")
    response.write("De Regenboog;school;Stichting Voorbeeld;12AB00\r\n")
    response.write("De Regenboog locatie Oost;locatie;De Regenboog;12AB01\r\n")
    return response


@login_required
def unit_edit(request, slug: str, unit_id: int):
    organisation, _membership = organisation_for(request.user, slug, write=True)
    unit = _unit_or_404(organisation, unit_id)
    initial = {"name": unit.name, "kind": unit.kind, "parent": unit.parent_id, "brin": unit.brin}
    form = UnitForm(
        request.POST or None, initial=initial, units=list(organisation.units.all()), exclude=unit
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_unit(unit=unit, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Eenheid %s opgeslagen.") % unit.name)
            return redirect("organisations:units", slug=slug)
    return render(
        request,
        "organisations/unit_edit.html",
        {
            "organisation": organisation,
            "unit": unit,
            "form": form,
        },
    )


@login_required
@require_POST
def unit_delete(request, slug: str, unit_id: int):
    organisation, _membership = organisation_for(request.user, slug, write=True)
    unit = _unit_or_404(organisation, unit_id)
    try:
        services.delete_unit(unit=unit)
    except ProtectedError:
        messages.error(
            request,
            _("%s heeft onderliggende eenheden of antwoorden en kan niet worden verwijderd.")
            % unit.name,
        )
    else:
        messages.success(request, _("Eenheid %s verwijderd.") % unit.name)
    return redirect("organisations:units", slug=slug)


@login_required
def unit_import(request, slug: str):
    organisation, _membership = organisation_for(request.user, slug, write=True)
    form = UnitImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            created = services.import_units(
                organisation=organisation, text=form.cleaned_data["file"]
            )
        except services.UnitImportError as error:
            errors = error.errors
        else:
            count = len(created)
            messages.success(
                request,
                ngettext("%d eenheid geïmporteerd.", "%d eenheden geïmporteerd.", count) % count,
            )
            return redirect("organisations:units", slug=slug)
    return render(
        request,
        "organisations/unit_import.html",
        {
            "organisation": organisation,
            "form": form,
            "errors": errors,
        },
        status=422 if errors else 200,
    )


@login_required
def members(request, slug: str):
    organisation, _membership = organisation_for(request.user, slug, manage=True)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation, token = services.invite_member(
            organisation=organisation,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
        )
        accept_url = request.build_absolute_uri(reverse("accept-invitation", args=[token]))
        services.send_invitation(invitation=invitation, accept_url=accept_url)
        # The same message whether or not the address has an account: nothing is revealed.
        messages.success(request, _("Uitnodiging verstuurd naar %s.") % invitation.email)
        return redirect("organisations:members", slug=slug)
    return render(
        request,
        "organisations/members.html",
        {
            "organisation": organisation,
            "members": members_of(organisation),
            "invitations": organisation.invitations.order_by("email"),
            "form": form,
            "roles": MemberRole.choices,
            "parts": [p for part in MEMBERS_PAGE_PARTS if (p := part(request, organisation))],
        },
    )


@login_required
@require_POST
def invitation_revoke(request, slug: str, invitation_id: int):
    organisation, _membership = organisation_for(request.user, slug, manage=True)
    invitation = organisation.invitations.filter(pk=invitation_id).first()
    if invitation is None:
        raise Http404
    services.revoke_invitation(invitation=invitation)
    messages.success(request, _("Uitnodiging voor %s ingetrokken.") % invitation.email)
    return redirect("organisations:members", slug=slug)


def accept_invitation(request, token: str):
    """Where an invitation mail leads: accept as the account of that address, or make it."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "organisations/accept.html", {"invalid": True}, status=404)
    options = [o for option in INVITATION_OPTIONS if (o := option(request, invitation, token))]
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "options": options,
        "passwords": all(option.get("passwords", True) for option in options),
    }
    user = request.user
    if user.is_authenticated:
        if (user.email or "").lower() != invitation.email:
            return render(request, "organisations/accept.html", {**context, "other": True})
        if request.method == "POST":
            services.accept_invitation(invitation=invitation, user=user)
            messages.success(request, _("Je bent nu lid van %s.") % invitation.organisation.name)
            return redirect("organisations:home", slug=invitation.organisation.slug)
        return render(request, "organisations/accept.html", {**context, "confirm": True})
    if get_user_model().objects.filter(email__iexact=invitation.email, is_active=True).exists():
        return render(request, "organisations/accept.html", {**context, "log_in": True})
    if not context["passwords"]:
        return render(request, "organisations/accept.html", context)
    form = NewAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_with_new_account(
                invitation=invitation,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, user, backend="visiespiegel.organisations.auth.EmailOrUsernameBackend")
            messages.success(
                request, _("Welkom! Je bent nu lid van %s.") % invitation.organisation.name
            )
            return redirect("organisations:home", slug=invitation.organisation.slug)
    return render(request, "organisations/accept.html", {**context, "form": form})


def _member_or_404(organisation, member_id: int) -> Membership:
    member = organisation.memberships.select_related("user").filter(pk=member_id).first()
    if member is None:
        raise Http404
    return member


def _last_manager(organisation, member: Membership) -> bool:
    managers = organisation.memberships.filter(role=MemberRole.MANAGER)
    return member.role == MemberRole.MANAGER and managers.count() == 1


@login_required
@require_POST
def member_role(request, slug: str, member_id: int):
    organisation, _membership = organisation_for(request.user, slug, manage=True)
    member = _member_or_404(organisation, member_id)
    form = RoleChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies een geldige rol."))
    elif _last_manager(organisation, member) and form.cleaned_data["role"] != MemberRole.MANAGER:
        messages.error(request, _("Er moet minstens één beheerder blijven."))
    else:
        services.set_membership(
            user=member.user, organisation=organisation, role=form.cleaned_data["role"]
        )
        messages.success(request, _("Rol van %s gewijzigd.") % member.user.get_username())
    return redirect("organisations:members", slug=slug)


@login_required
@require_POST
def member_remove(request, slug: str, member_id: int):
    organisation, _membership = organisation_for(request.user, slug, manage=True)
    member = _member_or_404(organisation, member_id)
    if _last_manager(organisation, member):
        messages.error(request, _("Er moet minstens één beheerder blijven."))
    else:
        services.remove_member(membership=member)
        messages.success(request, _("%s is geen lid meer.") % member.user.get_username())
    return redirect("organisations:members", slug=slug)


NEW_TOKEN = "new_api_token"  # noqa: S105 - a session key, not a secret


@login_required
def tokens(request):
    """Your API tokens: create one, name it, revoke it. A new token is shown once: it passes
    through the session to the page after the redirect and is gone from it when shown, so a
    reload neither shows it again nor makes another."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.session[NEW_TOKEN] = services.create_token(
            user=request.user, name=form.cleaned_data["name"]
        )
        return redirect("tokens")
    # The new token is in this page: like every page of a signed-in user it is never cached
    # (middleware.PrivateResponsesMiddleware).
    return render(
        request,
        "organisations/tokens.html",
        {
            "form": form,
            "created": request.session.pop(NEW_TOKEN, None),
            "tokens": request.user.api_tokens.order_by("-created_at"),
        },
    )


@login_required
@require_POST
def token_revoke(request, token_id: int):
    token = request.user.api_tokens.filter(pk=token_id).first()
    if token is None:
        raise Http404
    services.revoke_token(token=token)
    messages.success(
        request, _("Sleutel %(name)s ingetrokken.") % {"name": token.name or token.prefix}
    )
    return redirect("tokens")
