"""Reads for school accounts and log-in policies."""

from __future__ import annotations

from visiespiegel.federation import provider
from visiespiegel.federation.models import FederatedIdentity, LoginPolicy
from visiespiegel.organisations.models import Organisation


def identity_for(*, issuer: str, subject: str) -> FederatedIdentity | None:
    return (
        FederatedIdentity.objects.select_related("user")
        .filter(issuer=issuer, subject_digest=FederatedIdentity.digest(subject))
        .first()
    )


def passwords_allowed_for(organisation: Organisation) -> bool:
    """Whether the organisation's members may log in with a password. Always, while log-in
    with the school account is not configured: otherwise nobody could log in at all."""
    if not provider.configured():
        return True
    return not LoginPolicy.objects.filter(organisation=organisation, password_login=False).exists()


def password_login_allowed(user) -> bool:
    """A password works unless one of the user's organisations takes only school accounts."""
    if not provider.configured():
        return True
    return not LoginPolicy.objects.filter(
        organisation__memberships__user=user, password_login=False
    ).exists()


def linked_members(organisation: Organisation) -> int:
    """How many members of the organisation have a school account linked."""
    return (
        organisation.memberships.filter(user__federated_identities__isnull=False)
        .values("user")
        .distinct()
        .count()
    )
