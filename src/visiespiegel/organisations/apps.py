from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    """Organisations, their tree of units, coordinator memberships and API tokens."""

    name = "visiespiegel.organisations"
    verbose_name = _("Organisaties")
