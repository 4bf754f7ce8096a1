"""Fixed vocabularies of rounds. Imports nothing of ours."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles a participant can say they have; a round offers some or all of them."""

    TEACHER = "leraar", _("Leraar")
    TEACHING_ASSISTANT = "onderwijsassistent", _("Onderwijsassistent")
    INTERNAL_SUPPORT = "intern-begeleider", _("Intern begeleider / ondersteuningscoördinator")
    SCHOOL_LEADER = "schoolleider", _("Schoolleider")
    BOARD_MEMBER = "bestuurder", _("Bestuurder")
    PARENT = "ouder", _("Ouder/verzorger")
    PUPIL = "leerling", _("Leerling")
    CARE_PROFESSIONAL = "zorgprofessional", _("Zorgprofessional / jeugdhulp")
    MUNICIPALITY = "gemeente", _("Gemeente")
    PARTNERSHIP_STAFF = "medewerker-swv", _("Medewerker swv")
    OTHER = "anders", _("Anders")

    @property
    def audience(self) -> str | None:
        """Whose wording of the framework this role reads (None: the source text)."""
        return AUDIENCE_OF_ROLE.get(self.value)

    @property
    def at_school(self) -> bool:
        """Whether people in this role belong to a school. The others answer for the whole
        samenwerkingsverband or a board."""
        return self.value not in BEYOND_SCHOOL


AUDIENCE_OF_ROLE = {
    "ouder": "ouders",
    "leerling": "leerlingen",
    "zorgprofessional": "partners",
    "gemeente": "partners",
    "medewerker-swv": "partners",
}
BEYOND_SCHOOL = frozenset(
    {"bestuurder", "zorgprofessional", "gemeente", "medewerker-swv", "anders"}
)
# Offered unless a coordinator adds them: pupils take part only when a round asks them.
NOT_BY_DEFAULT = frozenset({"leerling"})


class Kind(models.TextChoices):
    """Which question an answer belongs to."""

    NOW = "now", _("nu")
    WANTED = "wanted", _("gewenst")


class AnswerMode(models.TextChoices):
    """How a participant answers per theme. Answers carry a weight so that a later
    "verdeel 10 punten" mode fits the same tables; single choice gives weight 1."""

    SINGLE = "single", _("Eén keuze per vraag")


class Access(models.TextChoices):
    """Who may answer a round."""

    OPEN = "open", _("Iedereen met de code, link of QR-code")
    PERSONAL = "persoonlijk", _("Alleen met een persoonlijke code (één antwoord per code)")


MAX_INVITATIONS = 2000  # per request
MIN_THRESHOLD = 3
DEFAULT_THRESHOLD = 5
REMARK_MAX_LENGTH = 500
# A participant's draft and its cookie live this long; stale drafts are purged by `setup`.
DRAFT_DAYS = 60
