from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visiespiegel.organisations.enums import MemberRole

BRIN_PATTERN = re.compile(r"^[0-9]{2}[A-Z]{2}([0-9]{2})?$")


def validate_brin(value: str) -> None:
    """A BRIN number (00AA) with an optional vestigingsnummer (00AA01)."""
    if not BRIN_PATTERN.match(value):
        raise ValidationError(
            _(
                "Een BRIN-nummer is twee cijfers en twee letters (12AB), eventueel met een "
                "vestigingsnummer van twee cijfers (12AB00)."
            ),
            code="brin",
        )


class Organisation(models.Model):
    slug = models.SlugField(_("korte naam"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A node in an organisation's tree: swv -> bestuur -> school -> locatie/team."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("valt onder"),
    )
    name = models.CharField(_("naam"), max_length=200)
    kind = models.CharField(_("soort"), max_length=40, default="school")
    brin = models.CharField(
        _("BRIN/vestigingsnummer"), max_length=6, blank=True, validators=[validate_brin]
    )
    # Set by the import from DUO's files (services.import_duo): the number DUO gives a board
    # (bevoegd gezag), and the RIO code of a school location where the file has one.
    duo_board_number = models.CharField(_("nummer bevoegd gezag (DUO)"), max_length=10, blank=True)
    rio_code = models.CharField(_("RIO-code"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("eenheid")
        verbose_name_plural = _("eenheden")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "parent", "name"], name="unit_unique_name_per_parent"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "parent"])]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("rol"), max_length=20, choices=MemberRole.choices, default=MemberRole.COORDINATOR
    )

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.role})"


class ApiToken(models.Model):
    """A bearer token for the API. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("naam"), max_length=80, blank=True)  # what it is for
    prefix = models.CharField(max_length=8, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API-sleutel")
        verbose_name_plural = _("API-sleutels")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


class MemberInvitation(models.Model):
    """An invitation to join an organisation, sent to an e-mail address. Nobody becomes a
    member until the owner of that address accepts; the manager who invites learns nothing
    about whether the address already has an account. Only the token's hash is kept."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mailadres"), max_length=254)
    role = models.CharField(_("rol"), max_length=20, choices=MemberRole.choices)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)  # sent (again) at

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"], name="member_invitation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"
