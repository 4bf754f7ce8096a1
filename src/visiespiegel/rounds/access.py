"""The one way coordinator code gets at a round: outsiders 404, readers 403 on writes."""

from __future__ import annotations

from django.http import Http404

from visiespiegel.organisations.access import check_role, membership_for
from visiespiegel.organisations.models import Membership
from visiespiegel.rounds.models import Round


def round_for(user, round_id: int, *, write: bool = False) -> tuple[Round, Membership]:
    round_ = (
        Round.objects.for_user(user)
        .select_related("organisation", "framework")
        .filter(pk=round_id)
        .first()
    )
    if round_ is None:
        raise Http404
    membership = membership_for(user, round_.organisation_id)
    check_role(membership, write=write)
    return round_, membership
