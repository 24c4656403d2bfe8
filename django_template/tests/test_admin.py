"""The Django admin at /admin/."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_renders(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="username"' in content
    assert 'name="password"' in content
    assert "csrfmiddlewaretoken" in content


def test_admin_requires_login(client):
    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_superuser_sees_users(admin_client, user):
    response = admin_client.get(reverse("admin:users_user_changelist"))

    assert response.status_code == 200
    assert user.username in response.content.decode()
