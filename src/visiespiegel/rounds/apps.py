from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoundsConfig(AppConfig):
    """Rounds, join codes, anonymous responses and the participant flow."""

    name = "visiespiegel.rounds"
    verbose_name = _("Peilingen")
