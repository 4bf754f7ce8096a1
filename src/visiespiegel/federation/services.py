"""Writes for school accounts: link an identity to an invited account, and the log-in policy.

Nothing here makes an account for someone who merely has an identity: an account is made
only for the address an invitation was sent to, by whoever holds that invitation's link.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from visiespiegel.federation.models import FederatedIdentity, LoginPolicy
from visiespiegel.federation.selectors import identity_for
from visiespiegel.organisations import services as organisation_services
from visiespiegel.organisations.models import MemberInvitation, Organisation


class OtherAccount(Exception):
    """The school account belongs to another account than the one it should be linked to."""


@transaction.atomic
def link_identity(*, user, issuer: str, subject: str) -> FederatedIdentity:
    """Link a school account to `user`; linking it again to the same account changes nothing."""
    identity, _created = FederatedIdentity.objects.get_or_create(
        issuer=issuer, subject_digest=FederatedIdentity.digest(subject), defaults={"user": user}
    )
    if identity.user_id != user.pk:
        raise OtherAccount
    return identity


def _new_account(email: str):
    """An account for an invited address, without a password: a user name from the part
    before the @, numbered when taken."""
    users = get_user_model()
    base = re.sub(r"[^\w.@+-]", "", email.split("@")[0])[:140] or "lid"
    username, number = base, 1
    while users.objects.filter(username__iexact=username).exists():
        number += 1
        username = f"{base}-{number}"
    user = users(username=username, email=email)
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def accept_with_identity(*, invitation: MemberInvitation, issuer: str, subject: str, user=None):
    """Accept `invitation` as the person behind a school account and link it; returns the
    account. That is `user` when signed in, else the account the school account is linked to,
    else the active account of the invited address, else a new one for that address. It must
    be the invited address's account (OtherAccount otherwise), as for a password."""
    if (identity := identity_for(issuer=issuer, subject=subject)) is not None:
        if user is not None and identity.user_id != user.pk:
            raise OtherAccount
        user = identity.user
    if user is None:
        user = (
            get_user_model()
            .objects.filter(email__iexact=invitation.email, is_active=True)
            .order_by("pk")
            .first()
        ) or _new_account(invitation.email)
    if (user.email or "").lower() != invitation.email:
        raise OtherAccount
    link_identity(user=user, issuer=issuer, subject=subject)
    organisation_services.accept_invitation(invitation=invitation, user=user)
    return user


@transaction.atomic
def set_password_login(*, organisation: Organisation, allowed: bool, by) -> LoginPolicy:
    """Allow or refuse passwords for the members of `organisation`. The manager who refuses
    them must have a school account linked, or they would lock themselves out."""
    if not allowed and not by.federated_identities.exists():
        raise ValidationError(
            {
                "password_login": _(
                    "Koppel eerst je eigen schoolaccount; anders kun je zelf niet meer inloggen."
                )
            }
        )
    policy, _created = LoginPolicy.objects.update_or_create(
        organisation=organisation, defaults={"password_login": allowed}
    )
    return policy
