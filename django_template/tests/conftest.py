"""Fixtures shared by the test suite."""

import os

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.helpers import stop_production_processes


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the production processes of the selected tests' modules (their
    ``START_EARLY``, see helpers.py) now, to run beside the tests that come first.

    Not in pytest-xdist workers: each collects every test but runs only some, so there
    a process starts when a test first needs it.
    """
    if os.environ.get("PYTEST_XDIST_WORKER") or session.config.option.collectonly:
        return
    modules = dict.fromkeys(getattr(item, "module", None) for item in session.items)
    for module in modules:
        for start in getattr(module, "START_EARLY", ()):
            start()


def pytest_sessionfinish(session: pytest.Session) -> None:
    stop_production_processes()


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
