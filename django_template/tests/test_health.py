"""The health check at /health/."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from core import health

pytestmark = pytest.mark.django_db


def test_health_reports_ok(client):
    response = client.get(reverse("core:health"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


def test_health_answers_any_host(client):
    """Probes use internal addresses that are not in ALLOWED_HOSTS."""
    response = client.get("/health/", headers={"host": "10.0.0.7:8000"})

    assert response.status_code == 200


def test_health_reports_database_failure(client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connections", {"default": BrokenConnection()})

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error"}


def test_health_only_answers_safe_methods(client):
    assert client.post("/health/").status_code == 405
