"""Production configuration refuses unsafe secrets; other settings stay safe."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.security import PLACEHOLDER_SECRET, validate_secret_key

PROJECT_ROOT = Path(__file__).resolve().parent.parent
STRONG_SECRET = "k3Jq9-vN2x_Lw8Rt5yZb1Hc7Pm4Ds6Fg0Ae3Wu8Io2Qn5Tr9Ky1Lx7Vb4Mz6Cj"


@pytest.mark.parametrize(
    "secret",
    [
        "",
        PLACEHOLDER_SECRET,
        "django-insecure-local-development-only",
        "too-short",
        "a" * 60,
    ],
    ids=["missing", "placeholder", "insecure-prefix", "short", "one-character"],
)
def test_weak_secrets_are_refused(secret):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        validate_secret_key(secret)


def test_strong_secret_is_accepted():
    assert validate_secret_key(STRONG_SECRET) == STRONG_SECRET


def _import_production_settings(secret: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secret,
        "DJANGO_ALLOWED_HOSTS": "example.com",
    }
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("secret", ["", PLACEHOLDER_SECRET], ids=["missing", "placeholder"])
def test_production_refuses_to_start_with_a_bad_secret(secret):
    result = _import_production_settings(secret)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_starts_with_a_strong_secret():
    result = _import_production_settings(STRONG_SECRET)

    assert result.returncode == 0, result.stderr


def test_tests_run_without_debug():
    assert settings.DEBUG is False
