"""Fixed vocabularies of the framework. Imports nothing of ours."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """The levels at which a model's risks and side effects show."""

    LEERLING = "leerling", _("Leerling")
    LERAAR = "leraar", _("Leraar")
    SCHOOL = "school", _("School")
    REGIO = "regio", _("Regio")
