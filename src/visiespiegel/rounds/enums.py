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
