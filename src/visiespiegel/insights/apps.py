from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """Results: aggregation in the database, statistics and anonymity rules in plain Python."""

    name = "visiespiegel.insights"
    verbose_name = _("Inzicht")

    def ready(self):
        from visiespiegel.insights import reports  # noqa: F401 - connects its signal receiver
