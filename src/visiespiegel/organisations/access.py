"""The one way coordinator code gets at an organisation: outsiders get 404, readers 403 on writes.

Isolation is enforced here, at the query level, so no view has to remember it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from visiespiegel.organisations.enums import MemberRole
from visiespiegel.organisations.models import Membership, Organisation


def organisations_of(user) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user)


def membership_for(user, organisation_id: int) -> Membership:
    """The user's membership of an organisation, or 404."""
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("organisation")
        .filter(user=user, organisation_id=organisation_id)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def check_role(membership: Membership, *, write: bool = False, manage: bool = False) -> None:
    role = MemberRole(membership.role)
    if manage and role != MemberRole.MANAGER:
        raise PermissionDenied
    if write and not role.can_write:
        raise PermissionDenied


def organisation_for(user, slug: str, *, write: bool = False, manage: bool = False):
    """(organisation, membership) for a member; 404 for everyone else, 403 for too little role."""
    organisation = organisations_of(user).filter(slug=slug).first()
    if organisation is None:
        raise Http404
    membership = membership_for(user, organisation.pk)
    check_role(membership, write=write, manage=manage)
    return organisation, membership
