"""App configuration for ``core``."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Pages that belong to the site as a whole."""

    name = "core"
    verbose_name = "Core"
