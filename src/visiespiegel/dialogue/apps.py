from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialogueConfig(AppConfig):
    """From results to a choice: live sessions, the shared ambition, the vision text and the
    risk plan."""

    name = "visiespiegel.dialogue"
    verbose_name = _("Dialoog")
