from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Public pages that are not part of a domain: home, privacy, accessibility."""

    name = "visiespiegel.pages"
