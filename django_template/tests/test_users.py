"""The custom user model."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.factories import DEFAULT_PASSWORD, UserFactory
from users.models import User

pytestmark = pytest.mark.django_db


def test_project_uses_the_custom_user_model():
    assert settings.AUTH_USER_MODEL == "users.User"
    assert get_user_model() is User


def test_create_user_hashes_the_password():
    user = User.objects.create_user(username="ada", email="ada@example.com", password="s3cret!")

    assert user.password != "s3cret!"
    assert user.check_password("s3cret!")
    assert not user.is_staff
    assert not user.is_superuser


def test_create_superuser():
    admin = User.objects.create_superuser(username="root", email="root@example.com", password="x")

    assert admin.is_staff
    assert admin.is_superuser


def test_factory_user_can_sign_in(client):
    user = UserFactory()

    assert client.login(username=user.username, password=DEFAULT_PASSWORD)
    assert str(user) == user.username
