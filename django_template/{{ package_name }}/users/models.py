"""The user model.

Django recommends a custom user model from the first migration: switching later is
hard. It behaves exactly like the built-in one until fields are added here.
"""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """A person who can sign in. Add profile fields here as the project needs them."""
