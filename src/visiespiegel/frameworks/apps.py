from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameworksConfig(AppConfig):
    """The framework ("kader"): file format, loader, validation, versions, the placemat."""

    name = "visiespiegel.frameworks"
    verbose_name = _("Kaders")
