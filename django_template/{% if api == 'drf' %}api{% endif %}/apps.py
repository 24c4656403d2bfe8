"""App configuration for ``api``."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API and its example resource."""

    name = "api"
    verbose_name = "API"
