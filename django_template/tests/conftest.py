"""Fixtures shared by the test suite."""

import pytest
from django.test import Client

from tests.factories import UserFactory


@pytest.fixture
def user(db):
    """A regular, saved user."""
    return UserFactory.create()


@pytest.fixture
def admin_user(db):
    """A saved superuser (replaces pytest-django's fixture of the same name)."""
    return UserFactory.create(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(admin_user) -> Client:
    """A test client signed in as ``admin_user``."""
    client = Client()
    client.force_login(admin_user)
    return client
