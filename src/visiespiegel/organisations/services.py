"""Writes for organisations, units, memberships and API tokens."""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from visiespiegel.organisations.enums import MemberRole
from visiespiegel.organisations.models import (
    ApiToken,
    MemberInvitation,
    Membership,
    Organisation,
    Unit,
)
from visiespiegel.organisations.tree import Tree
from visiespiegel.text import problem as text_problem
from visiespiegel.write_lock import serialized_write

CSV_COLUMNS = ("name", "type", "parent", "brin")
# Column headers as coordinators write them: Dutch or English, in any case.
CSV_HEADERS = {
    "naam": "name",
    "name": "name",
    "soort": "type",
    "type": "type",
    "bovenliggend": "parent",
    "bovenliggende eenheid": "parent",
    "valt onder": "parent",
    "parent": "parent",
    "brin": "brin",
    "brin-nummer": "brin",
}
SEPARATOR_NAMES = {";": gettext_lazy("puntkomma's"), ",": gettext_lazy("komma's")}


@transaction.atomic
def create_organisation(*, slug: str, name: str) -> Organisation:
    organisation = Organisation(slug=slug, name=name)
    organisation.full_clean()
    organisation.save()
    return organisation


def _normalise(unit: Unit) -> None:
    """Names and BRIN numbers are kept tidy however they were typed or imported."""
    unit.name = unit.name.strip()
    unit.brin = unit.brin.strip().upper()
    unit.kind = unit.kind.strip().lower() or "school"


def _check_unit(unit: Unit) -> None:
    _normalise(unit)
    if unit.parent_id and unit.parent.organisation_id != unit.organisation_id:
        raise ValidationError({"parent": _("Deze eenheid hoort niet bij deze organisatie.")})
    if unit.pk and unit.parent_id:
        tree = Tree(dict(unit.organisation.units.values_list("id", "parent_id")))
        if unit.parent_id == unit.pk or tree.within(unit.parent_id, unit.pk):
            raise ValidationError({"parent": _("Een eenheid kan niet onder zichzelf vallen.")})
    unit.full_clean()


@transaction.atomic
def add_unit(
    *,
    organisation: Organisation,
    name: str,
    kind: str = "school",
    parent: Unit | None = None,
    brin: str = "",
) -> Unit:
    unit = Unit(organisation=organisation, name=name, kind=kind, parent=parent, brin=brin)
    _check_unit(unit)
    unit.save()
    return unit


@transaction.atomic
def update_unit(*, unit: Unit, name: str, kind: str, parent: Unit | None, brin: str) -> Unit:
    unit.name, unit.kind, unit.parent, unit.brin = name, kind, parent, brin
    _check_unit(unit)
    unit.save()
    return unit


@dataclass(frozen=True)
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("regel %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class UnitImportError(Exception):
    def __init__(self, errors: list[LineError]):
        super().__init__("\n".join(map(str, errors)))
        self.errors = errors


def _csv_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """Rows of a unit CSV with Dutch or English headers, separated by ; (Dutch Excel) or ,."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    separator = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=separator, skipinitialspace=True)
    header = [CSV_HEADERS.get(name.strip().lower()) for name in next(reader, [])]
    if "name" not in header or None in header or len(set(header)) < len(header):
        message = _(
            "de eerste regel moet de kolommen naam, soort, bovenliggend en brin noemen (of "
            "name, type, parent, brin), gescheiden door %(separator)s zoals de rest van het "
            "bestand; download het voorbeeld"
        ) % {"separator": SEPARATOR_NAMES[separator]}
        raise UnitImportError([LineError(1, message)])
    rows = []
    for line, cells in enumerate(reader, start=2):
        found = dict(zip(header, cells, strict=False))
        values = {key: (found.get(key) or "").strip() for key in CSV_COLUMNS}
        if any(values.values()):
            rows.append((line, values))
    return rows


def _place(parent: Unit | None) -> object:
    """Where a unit hangs: its parent's id, or the parent object itself while it is unsaved."""
    return None if parent is None else (parent.pk or id(parent))


def _unit_from_row(organisation, row, by_id, by_name) -> Unit:
    for value in row.values():
        if (found := text_problem(value)) is not None:
            raise ValidationError(_("deze regel %s") % found)
    parent = None
    if ref := row["parent"]:
        matches = [by_id[ref]] if ref in by_id else by_name.get(ref.lower(), [])
        if not matches:
            raise ValidationError(_("bovenliggende eenheid ‘%s’ bestaat niet") % ref)
        if len(matches) > 1:
            raise ValidationError(
                _("‘%s’ is niet eenduidig; gebruik het nummer van de eenheid") % ref
            )
        parent = matches[0]
    if any(_place(u.parent) == _place(parent) for u in by_name.get(row["name"].lower(), [])):
        raise ValidationError(_("‘%s’ bestaat al op deze plek") % row["name"])
    unit = Unit(
        organisation=organisation,
        name=row["name"],
        parent=parent,
        kind=row["type"],
        brin=row["brin"],
    )
    _normalise(unit)
    # The parent may be planned in this same file and have no id yet: checked above instead.
    unit.full_clean(exclude=["parent", "organisation"], validate_constraints=False)
    return unit


def import_units(*, organisation: Organisation, text: str) -> list[Unit]:
    """Create units from CSV (name, type, parent, brin): all of them, or none.

    `parent` is the name of a unit that exists or appears earlier in the file, or the number
    (id) of an existing unit. Every bad line is reported; nothing is created when any line is
    bad.
    """
    rows = _csv_rows(text)
    existing = list(organisation.units.select_related("parent"))
    by_id = {str(unit.pk): unit for unit in existing}
    by_name: dict[str, list[Unit]] = {}
    for unit in existing:
        by_name.setdefault(unit.name.lower(), []).append(unit)

    errors: list[LineError] = []
    planned: list[Unit] = []
    for line, row in rows:
        try:
            unit = _unit_from_row(organisation, row, by_id, by_name)
        except ValidationError as error:
            errors += [LineError(line, message) for message in _messages(error)]
            continue
        planned.append(unit)
        by_name.setdefault(unit.name.lower(), []).append(unit)
    if errors:
        raise UnitImportError(errors)
    _save_level_by_level(planned)
    return planned


@serialized_write
@transaction.atomic
def _save_level_by_level(planned: list[Unit]) -> None:
    """Insert new units with a few statements: parents first, one bulk insert per level of
    the new units (a parent that is new gets its id before its children are written). Checks
    happened before, outside the transaction, so the write lock is held only briefly."""
    depth: dict[int, int] = {}
    levels: dict[int, list[Unit]] = {}
    for unit in planned:
        parent = unit.parent
        level = depth[id(parent)] + 1 if parent is not None and parent.pk is None else 0
        depth[id(unit)] = level
        levels.setdefault(level, []).append(unit)
    for level in sorted(levels):
        Unit.objects.bulk_create(levels[level], batch_size=1000)


def _messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{Unit._meta.get_field(field).verbose_name}: {' '.join(messages)}"
            for field, messages in error.message_dict.items()
        ]
    return error.messages


@transaction.atomic
def create_user(
    *,
    username: str,
    organisation: Organisation,
    role: str = MemberRole.COORDINATOR,
    email: str = "",
    password: str | None = None,
):
    user_model = get_user_model()
    user = user_model(username=username, email=email)
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()  # they set one through "wachtwoord vergeten"
    user.full_clean(exclude=["password"])
    user.save()
    Membership.objects.create(user=user, organisation=organisation, role=MemberRole(role))
    return user


@transaction.atomic
def set_membership(*, user, organisation: Organisation, role: str) -> Membership:
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": MemberRole(role)}
    )
    return membership


def create_token(*, user, name: str = "") -> str:
    """A new API token for `user`, named for what it is for; returns the token itself, which
    is not stored (only its hash)."""
    token = "vs_" + secrets.token_hex(32)  # hex: safe in shells and as a CLI argument
    ApiToken.objects.create(
        user=user, name=name.strip(), prefix=token[3:11], digest=ApiToken.hash(token)
    )
    return token


def revoke_token(*, token: ApiToken) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def user_for_token(token: str):
    """The active user behind a bearer token, or None. Marks the token as used."""
    found = (
        ApiToken.objects.select_related("user")
        .filter(digest=ApiToken.hash(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if found is None:
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found.user


# ---------------------------------------------------------------------------------------------
# Members join by accepting an invitation


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invite_member(*, organisation: Organisation, email: str, role: str) -> tuple:
    """(invitation, token): a new invitation, or the pending one renewed. The token is for the
    mail only; its hash is kept. Nothing here looks at whether the address has an account."""
    email = email.strip().lower()
    validate_email(email)
    token = secrets.token_urlsafe(32)
    invitation, _created = MemberInvitation.objects.update_or_create(
        organisation=organisation,
        email=email,
        defaults={
            "role": MemberRole(role),
            "digest": _token_digest(token),
            "created_at": timezone.now(),
        },
    )
    return invitation, token


def send_invitation(*, invitation: MemberInvitation, accept_url: str) -> None:
    context = {"organisation": invitation.organisation, "accept_url": accept_url}
    send_mail(
        render_to_string("organisations/invitation_subject.txt", context).strip(),
        render_to_string("organisations/invitation_email.txt", context),
        None,
        [invitation.email],
    )


def invitation_for_token(token: str) -> MemberInvitation | None:
    """The pending invitation behind a token, while it is valid."""
    oldest = timezone.now() - timedelta(days=settings.MEMBER_INVITATION_DAYS)
    return (
        MemberInvitation.objects.select_related("organisation")
        .filter(digest=_token_digest(token), created_at__gte=oldest)
        .first()
    )


@transaction.atomic
def accept_invitation(*, invitation: MemberInvitation, user) -> Membership:
    """Make `user` a member as invited; someone already a member keeps their role."""
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.delete()
    return membership


@transaction.atomic
def accept_with_new_account(*, invitation: MemberInvitation, username: str, password: str):
    """Create the account the invitation was sent to, with a password, and accept."""
    user = get_user_model()(username=username.strip(), email=invitation.email)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    accept_invitation(invitation=invitation, user=user)
    return user


def revoke_invitation(*, invitation: MemberInvitation) -> None:
    invitation.delete()


@transaction.atomic
def remove_member(*, membership: Membership) -> None:
    membership.delete()


@transaction.atomic
def delete_unit(*, unit: Unit) -> None:
    """Delete a unit; refused (ProtectedError) while it has units below it or answers."""
    unit.delete()
