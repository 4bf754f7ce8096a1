from django.apps import AppConfig


class VisiespiegelConfig(AppConfig):
    """The project shell: base layout, static assets, `serve` and `setup` commands."""

    name = "visiespiegel"
    verbose_name = "Visiespiegel"
