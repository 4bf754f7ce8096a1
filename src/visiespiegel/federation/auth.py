"""Log-in with the school account: mozilla-django-oidc's backend, stricter, and never making an
account for an identity alone; and the log-in forms that refuse a password where an
organisation takes only school accounts."""

from __future__ import annotations

import logging

import jwt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation, ValidationError
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from visiespiegel.federation import provider, services
from visiespiegel.federation.selectors import identity_for, password_login_allowed
from visiespiegel.organisations.auth import (
    ThrottledAdminAuthenticationForm,
    ThrottledAuthenticationForm,
)
from visiespiegel.organisations.services import invitation_for_token

logger = logging.getLogger(__name__)

INTENT = "federation_intent"  # session key: why this log-in started (an invitation, a link)
CLOCK_SKEW = 30  # seconds of clock difference with the provider that a token may have


class Outcome:
    """Why a log-in with the school account gave no account (request.federation_outcome)."""

    UNKNOWN = "unknown"  # a valid identity that nobody invited
    SCHOOL = "school"  # a school not among OIDC_HOME_ORGANISATIONS
    OTHER = "other"  # the identity belongs to another account than the invited one
    FAILED = "failed"  # anything else: a refused token, a lost state, a provider error


def _single(value):
    """A claim's one value: federations send some attributes as lists of one."""
    if isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


class SchoolAccountBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(provider.setting)

    def __init__(self, *args, **kwargs):
        # Django makes every backend for every log-in, password ones too: the provider's
        # settings (perhaps its discovery document) are read only when its answer arrives.
        self.UserModel = get_user_model()

    def authenticate(self, request, *, nonce, code_verifier=None):
        # Keyword-only, without **kwargs: Django offers a username and password only to
        # backends that take them, so this one sees nothing but the callback's log-ins.
        if request is None or not provider.configured():
            return None
        super().__init__()
        return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)

    def get_payload_data(self, token, key):
        """The library checks the signature only; this also wants the token to be for this
        client, from the configured issuer, unexpired, and never unsigned."""
        algorithm = self.OIDC_RP_SIGN_ALGO
        try:
            if jwt.get_unverified_header(token).get("alg") != algorithm:
                raise SuspiciousOperation(f"token not signed with {algorithm}")
            return jwt.decode(
                token,
                key,
                algorithms=[algorithm],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_ISSUER,
                leeway=CLOCK_SKEW,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"token refused: {error}") from error

    def get_userinfo(self, access_token, id_token, payload):
        """The ID token's claims, with the user info endpoint's where there is one (Entree
        may send its `uid` there); that answer must be about the same subject."""
        if not self.OIDC_OP_USER_ENDPOINT:
            return payload
        info = super().get_userinfo(access_token, id_token, payload)
        if info.get("sub") != payload["sub"]:
            raise SuspiciousOperation("user info about another subject than the ID token")
        return {**info, **payload}

    def get_or_create_user(self, access_token, id_token, payload):
        """The account linked to this identity, or, for someone accepting an invitation or
        linking their own account, the account it is linked to now. Never a new account
        for an identity alone."""
        request = self.request
        claims = self.get_userinfo(access_token, id_token, payload)
        if allowed := settings.OIDC_HOME_ORGANISATIONS:
            schools = claims.get(settings.OIDC_HOME_ORGANISATION_CLAIM) or []
            schools = [schools] if isinstance(schools, str) else schools
            if not set(schools) & set(allowed):
                request.federation_outcome = Outcome.SCHOOL
                return None
        subject = _single(claims.get(settings.OIDC_SUBJECT_CLAIM))
        if not isinstance(subject, str) or not subject.strip():
            raise SuspiciousOperation(f"no {settings.OIDC_SUBJECT_CLAIM} claim")
        issuer = payload["iss"]
        intent = request.session.pop(INTENT, None) or {}
        signed_in = request.user if request.user.is_authenticated else None
        try:
            if token := intent.get("invitation"):
                invitation = invitation_for_token(token)
                if invitation is None:
                    return None
                organisation = invitation.organisation
                user = services.accept_with_identity(
                    invitation=invitation, issuer=issuer, subject=subject, user=signed_in
                )
                request.federation_joined = organisation
                return user
            if intent.get("link") and signed_in and intent["link"] == signed_in.pk:
                services.link_identity(user=signed_in, issuer=issuer, subject=subject)
                request.federation_linked = True
                return signed_in
        except services.OtherAccount:
            request.federation_outcome = Outcome.OTHER
            return None
        identity = identity_for(issuer=issuer, subject=subject)
        if identity is None:
            request.federation_outcome = Outcome.UNKNOWN
            return None
        return identity.user


class SchoolAccountOnly:
    """Refuses a correct password for a member of an organisation that takes only school
    accounts (the page says so, to whoever knows the password)."""

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not password_login_allowed(user):
            raise ValidationError(
                _(
                    "Je organisatie laat alleen inloggen met het schoolaccount toe. Gebruik "
                    "de knop ‘Inloggen met je schoolaccount’."
                ),
                code="school_account_only",
            )


class LoginForm(SchoolAccountOnly, ThrottledAuthenticationForm):
    pass


class AdminLoginForm(SchoolAccountOnly, ThrottledAdminAuthenticationForm):
    pass
