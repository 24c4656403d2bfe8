"""App configuration for ``users``."""

from django.apps import AppConfig


class UsersConfig(AppConfig):
    """Accounts: the custom user model and its admin."""

    name = "users"
    verbose_name = "Users"
