"""Fixed vocabularies of organisations. Imports nothing of ours."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberRole(models.TextChoices):
    """What a coordinator account may do in one organisation."""

    MANAGER = "beheerder", _("Beheerder")  # manages members and settings, and all below
    COORDINATOR = "coordinator", _("Coördinator")  # runs rounds, manages units
    READER = "lezer", _("Lezer")  # reads rounds and results

    @property
    def can_write(self) -> bool:
        return self in (MemberRole.MANAGER, MemberRole.COORDINATOR)


# Suggested unit types; any other short label is allowed too.
UNIT_TYPES = ["swv", "bestuur", "school", "locatie", "team"]
SCHOOL = "school"
# Kinds that group schools: people at a school never choose one of these as their school.
ABOVE_SCHOOL = frozenset({"swv", "bestuur"})
