from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from visiespiegel.organisations.models import Organisation


class FederatedIdentity(models.Model):
    """A school account (an identity at the federation's OpenID Connect provider) linked to an
    account here. Only the issuer and a hash of the subject claim are kept: no name, no
    e-mail address, nothing else the provider says."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="federated_identities"
    )
    issuer = models.CharField(_("uitgever"), max_length=255)
    subject_digest = models.CharField(max_length=64)
    linked_at = models.DateTimeField(_("gekoppeld op"), default=timezone.now)

    class Meta:
        verbose_name = _("schoolaccount")
        verbose_name_plural = _("schoolaccounts")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "subject_digest"], name="federated_identity_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.issuer})"

    @staticmethod
    def digest(subject: str) -> str:
        return hashlib.sha256(subject.encode()).hexdigest()


class LoginPolicy(models.Model):
    """How the members of an organisation log in. Without a row, passwords are allowed."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, primary_key=True, related_name="login_policy"
    )
    password_login = models.BooleanField(_("inloggen met een wachtwoord"), default=True)

    class Meta:
        verbose_name = _("inlogbeleid")
        verbose_name_plural = _("inlogbeleid")

    def __str__(self) -> str:
        return str(self.organisation)
