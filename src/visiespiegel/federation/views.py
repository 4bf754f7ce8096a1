"""Log-in with the school account: start, callback, accepting an invitation or linking one's
own account with it, and the organisation's choice to allow passwords."""

from __future__ import annotations

import logging

import requests
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from visiespiegel.federation import provider, selectors, services
from visiespiegel.federation.auth import INTENT, LoginForm, Outcome
from visiespiegel.federation.forms import LoginPolicyForm
from visiespiegel.federation.middleware import mark
from visiespiegel.forms import add_service_errors
from visiespiegel.organisations.access import organisation_for
from visiespiegel.organisations.services import invitation_for_token

logger = logging.getLogger(__name__)


class PasswordLoginView(auth_views.LoginView):
    """The log-in page: a password, and the school account when it is configured."""

    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "school_login": provider.configured()}


def _refused(request, outcome: str, status: int = 403):
    return render(request, "federation/refused.html", {"outcome": outcome}, status=status)


class StartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider; `intent` says what the answer is for."""

    get_settings = staticmethod(provider.setting)
    intent = None

    def __init__(self, **kwargs):
        # The library reads the endpoints here; they are read in `get`, only when configured.
        super(OIDCAuthenticationRequestView, self).__init__(**kwargs)

    def get(self, request):
        if not provider.configured():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except (requests.RequestException, ValueError, ImproperlyConfigured) as error:
            logger.error("OpenID Connect provider unavailable: %s", error)
            return _refused(request, Outcome.FAILED, status=503)
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        request.session[INTENT] = self.intent
        return super().get(request)


def _start(request, intent: dict, next_url: str | None = None):
    view = StartView(intent=intent)
    view.setup(request)
    response = view.get(request)
    request.session["oidc_login_next"] = next_url
    return response


class CallbackView(OIDCAuthenticationCallbackView):
    """Where the provider sends the browser back (`/oidc/callback/`)."""

    get_settings = staticmethod(provider.setting)

    def get(self, request):
        if not provider.configured():
            raise Http404
        try:
            return super().get(request)
        except (SuspiciousOperation, requests.RequestException, ValueError) as error:
            # A replayed or unknown state, a refused token, a provider that did not answer.
            logger.warning("Log-in with a school account refused: %s", error)
            return self.login_failure()

    def login_failure(self):
        return _refused(self.request, getattr(self.request, "federation_outcome", Outcome.FAILED))

    def login_success(self):
        response = super().login_success()
        if organisation := getattr(self.request, "federation_joined", None):
            messages.success(self.request, _("Je bent nu lid van %s.") % organisation.name)
            return redirect("organisations:home", slug=organisation.slug)
        if getattr(self.request, "federation_linked", False):
            messages.success(self.request, _("Je schoolaccount is gekoppeld."))
        return response


@require_POST
def accept(request, token: str):
    """Accept an invitation with the school account (a button on the invitation page)."""
    if not provider.configured():
        raise Http404
    invitation = invitation_for_token(token)
    if invitation is None:
        return render(request, "organisations/accept.html", {"invalid": True}, status=404)
    user = request.user
    if user.is_authenticated and (user.email or "").lower() != invitation.email:
        return redirect("accept-invitation", token=token)  # that page says: another account
    return _start(request, {"invitation": token})


@login_required
@require_POST
def link(request, slug: str):
    """Link one's own account to a school account (from the members page)."""
    organisation_for(request.user, slug)
    if not provider.configured():
        raise Http404
    next_url = reverse("organisations:members", kwargs={"slug": slug})
    return _start(request, {"link": request.user.pk}, next_url)


@login_required
@require_POST
def login_policy(request, slug: str):
    organisation, _membership = organisation_for(request.user, slug, manage=True)
    form = LoginPolicyForm(request.POST)
    if form.is_valid():
        try:
            services.set_password_login(
                organisation=organisation,
                allowed=form.cleaned_data["password_login"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
    if form.errors:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    else:
        messages.success(request, _("Inlogbeleid opgeslagen."))
    return redirect("organisations:members", slug=slug)


def invitation_option(request, invitation, token: str) -> dict | None:
    """For the invitation page: accept with the school account; no new password where the
    organisation takes only school accounts."""
    if not provider.configured():
        return None
    mark(request)
    return {
        "template": "federation/_invitation_option.html",
        "url": reverse("federation:accept", kwargs={"token": token}),
        "passwords": selectors.passwords_allowed_for(invitation.organisation),
    }


def members_part(request, organisation) -> dict | None:
    """For the members page: how members log in, and linking one's own school account."""
    if not provider.configured():
        return None
    mark(request)
    return {
        "template": "federation/_members_part.html",
        "form": LoginPolicyForm(
            initial={"password_login": selectors.passwords_allowed_for(organisation)}
        ),
        "policy_url": reverse("federation:login-policy", kwargs={"slug": organisation.slug}),
        "link_url": reverse("federation:link", kwargs={"slug": organisation.slug}),
        "linked": selectors.linked_members(organisation),
        "members": organisation.memberships.count(),
        "own_linked": request.user.federated_identities.exists(),
    }
