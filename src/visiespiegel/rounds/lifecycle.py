"""Writes for a round's life: create, change, open, close and delete it, its personal codes
and expected sizes. The pages, the API and the CLI call these functions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from visiespiegel.frameworks.models import FrameworkVersion
from visiespiegel.organisations.models import Organisation, Unit
from visiespiegel.rounds import codes
from visiespiegel.rounds.enums import (
    MAX_INVITATIONS,
    MIN_THRESHOLD,
    Access,
    Role,
)
from visiespiegel.rounds.models import (
    ExpectedSize,
    Invitation,
    Round,
    RoundUnit,
    default_roles,
)
from visiespiegel.rounds.selectors import (
    forget_round,
    live_units,
    unit_for_round,
)
from visiespiegel.write_lock import serialized_write

ANSWERS_DELETED = gettext_lazy(
    "De ruwe antwoorden van deze peiling zijn verwijderd: ze blijft gesloten."
)
ANSWERS_GONE = gettext_lazy(
    "De ruwe antwoorden van deze peiling zijn verwijderd: er is niets meer om te archiveren "
    "of te tellen. De gepubliceerde uitkomsten blijven beschikbaar."
)


@serialized_write
@transaction.atomic
def create_round(
    *,
    organisation: Organisation,
    title: str,
    framework: FrameworkVersion,
    threshold: int = 5,
    roles: list[str] | None = None,
    units: list[Unit] | None = None,
    opens_at=None,
    closes_at=None,
    welcome_text: str = "",
    remarks_level: str = "",
    access: str = Access.OPEN,
    synthetic: bool = False,
) -> Round:
    round_ = Round(
        organisation=organisation,
        title=title.strip(),
        framework=framework,
        threshold=threshold,
        roles=list(roles) if roles else default_roles(),
        opens_at=opens_at,
        closes_at=closes_at,
        welcome_text=welcome_text.strip(),
        remarks_level=remarks_level.strip().lower(),
        access=access,
        synthetic=synthetic,
    )
    check_round(round_, units or [])
    for _attempt in range(10):
        round_.code = codes.new_code()
        if not Round.objects.filter(code=round_.code).exists():
            break
    round_.save()
    if units:
        round_.units.set(units)
    if not round_.not_yet_open():
        fix_units(round_=round_)
    return round_


def check_round(round_: Round, units: list[Unit]) -> None:
    errors = {}
    if round_.threshold < MIN_THRESHOLD:
        errors["threshold"] = _("De drempel is minstens %(min)s.") % {"min": MIN_THRESHOLD}
    unknown = [r for r in round_.roles if r not in Role.values]
    if not round_.roles or unknown:
        errors["roles"] = _("Kies een of meer rollen uit de lijst.")
    if any(unit.organisation_id != round_.organisation_id for unit in units):
        errors["units"] = _("Deze eenheid hoort niet bij deze organisatie.")
    if round_.access not in Access.values:
        errors["access"] = _("Kies wie mag meedoen.")
    if round_.opens_at and round_.closes_at and round_.closes_at <= round_.opens_at:
        errors["closes_at"] = _("Het sluitmoment moet na het openingsmoment liggen.")
    if errors:
        raise ValidationError(errors)
    round_.full_clean(exclude=["code", "organisation", "framework"])


@serialized_write
@transaction.atomic
def delete_round(*, round_: Round) -> None:
    """Remove a round with its responses, answers, remarks and drafts."""
    round_.delete()


@serialized_write
@transaction.atomic
def fix_units(*, round_: Round) -> None:
    """Fix the round's unit set as the organisation's tree holds it now: the units chosen and
    everything below them (or all), with their names and kinds. Once: a round that ran keeps
    its units whatever is imported, renamed, moved or deleted later. Called as the round
    opens, by the first answer of a round that opened on its clock, and at its first
    publication or closing, whichever comes first."""
    now = timezone.now()
    if not Round.objects.filter(pk=round_.pk, units_fixed_at=None).update(units_fixed_at=now):
        round_.units_fixed_at = Round.objects.values_list("units_fixed_at", flat=True).get(
            pk=round_.pk
        )
        return
    RoundUnit.objects.bulk_create(
        (
            RoundUnit(
                round=round_,
                unit_key=unit.pk,
                parent_key=unit.parent_id,
                parent_name=unit.parent.name if unit.parent else "",
                name=unit.name,
                kind=unit.kind,
                brin=unit.brin,
            )
            for unit in live_units(round_)
        ),
        batch_size=1000,
    )
    round_.units_fixed_at = now
    _forget_units(round_)


def _forget_units(round_: Round) -> None:
    """Drop the unit set kept on the round object and in this process's cache."""
    round_.__dict__.pop("_offered_units", None)
    round_.__dict__.pop("_offered_unit_ids", None)
    forget_round(round_)


@serialized_write
@transaction.atomic
def close_round(*, round_: Round) -> Round:
    if round_.closed_at is None:
        round_.closed_at = timezone.now()
        round_.save(update_fields=["closed_at"])
    fix_units(round_=round_)
    forget_round(round_)
    return round_


@serialized_write
@transaction.atomic
def open_round(*, round_: Round) -> Round:
    """Open now: clears a manual close, a future opening and a closing moment in the past.
    Never once its raw answers are deleted: new answers could not be published safely."""
    if round_.answers_deleted_at:
        raise ValidationError(ANSWERS_DELETED)
    now = timezone.now()
    round_.closed_at = None
    if round_.opens_at and round_.opens_at > now:
        round_.opens_at = now
    if round_.closes_at and round_.closes_at <= now:
        round_.closes_at = None
    round_.save(update_fields=["closed_at", "opens_at", "closes_at"])
    fix_units(round_=round_)
    forget_round(round_)
    return round_


@serialized_write
@transaction.atomic
def update_round(
    *,
    round_: Round,
    title: str,
    threshold: int,
    roles: list[str],
    units: list[Unit],
    opens_at=None,
    closes_at=None,
    welcome_text: str = "",
    remarks_level: str = "",
    access: str | None = None,
) -> Round:
    """Change a round's settings. Once answers exist, roles and units stay as they are and the
    threshold can only go up (lowering it would uncover hidden groups); once results are
    published, so does the remark level."""
    answered = round_.answers_deleted_at is not None or round_.responses.exists()
    remarks_level = remarks_level.strip().lower()
    if round_.answers_deleted_at and (opens_at, closes_at) != (round_.opens_at, round_.closes_at):
        raise ValidationError({"closes_at": ANSWERS_DELETED})
    if answered and threshold < round_.threshold:
        raise ValidationError(
            {
                "threshold": _("Er zijn al antwoorden: de drempel kan alleen omhoog (nu %(k)s).")
                % {"k": round_.threshold}
            }
        )
    if round_.published_at and remarks_level != round_.remarks_level:
        raise ValidationError(
            {"remarks_level": _("Er zijn al uitkomsten gepubliceerd: dit ligt vast.")}
        )
    round_.title, round_.threshold = title.strip(), threshold
    round_.opens_at, round_.closes_at = opens_at, closes_at
    round_.welcome_text = welcome_text.strip()
    round_.remarks_level = remarks_level
    if not answered:
        round_.roles = list(roles)
        round_.access = access or round_.access
    check_round(round_, [] if answered else units)
    round_.save()
    if not answered:
        round_.units.set(units)
    if not answered and round_.published_at is None and round_.closed_moment() is None:
        # Until the first answer, publication or closing the units may still change: fixed
        # again as they are now.
        RoundUnit.objects.filter(round=round_).delete()
        Round.objects.filter(pk=round_.pk).update(units_fixed_at=None)
        round_.units_fixed_at = None
        _forget_units(round_)
        if not round_.not_yet_open():
            fix_units(round_=round_)
    forget_round(round_)
    return round_


@serialized_write
@transaction.atomic
def create_invitations(*, round_: Round, count: int, unit: Unit | None = None) -> list[str]:
    """`count` new personal codes, optionally for one unit. The codes are returned once and
    kept only as hashes."""
    if not 1 <= count <= MAX_INVITATIONS:
        raise ValidationError(
            {"count": _("Maak tussen 1 en %(max)s codes tegelijk.") % {"max": MAX_INVITATIONS}}
        )
    if unit is not None and unit_for_round(round_, unit.pk) is None:
        raise ValidationError({"unit": _("Deze eenheid hoort niet bij deze peiling.")})
    found = [codes.new_personal_code() for _ in range(count)]
    Invitation.objects.bulk_create(
        Invitation(round=round_, unit=unit, digest=codes.digest(code)) for code in found
    )
    return found


@serialized_write
@transaction.atomic
def set_expected_sizes(*, round_: Round, sizes: dict[int, int | None]) -> None:
    """Expected respondents per unit id; None clears one."""
    ExpectedSize.objects.filter(round=round_, unit_id__in=list(sizes)).delete()
    ExpectedSize.objects.bulk_create(
        ExpectedSize(round=round_, unit_id=unit, count=count)
        for unit, count in sizes.items()
        if count is not None
    )
