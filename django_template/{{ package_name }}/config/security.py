"""Checks that keep production from starting with an unsafe configuration."""

from django.core.exceptions import ImproperlyConfigured

PLACEHOLDER_SECRET = "replace-me-with-a-long-random-secret"  # noqa: S105
MIN_SECRET_LENGTH = 50
MIN_SECRET_UNIQUE_CHARACTERS = 5
GENERATE_HINT = "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"


def validate_secret_key(value: str) -> str:
    """Return ``value`` if it is fit to sign production data; raise ImproperlyConfigured if not.

    The rules match Django's own deployment check (security.W009), so a key that passes
    here also passes ``manage.py check --deploy``.
    """
    if not value:
        raise ImproperlyConfigured(f"DJANGO_SECRET_KEY is not set. {GENERATE_HINT}")
    if PLACEHOLDER_SECRET in value or value.startswith("django-insecure"):
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY is still a placeholder or development key. {GENERATE_HINT}"
        )
    if len(value) < MIN_SECRET_LENGTH or len(set(value)) < MIN_SECRET_UNIQUE_CHARACTERS:
        raise ImproperlyConfigured(
            f"DJANGO_SECRET_KEY is too weak: use at least {MIN_SECRET_LENGTH} characters "
            f"with at least {MIN_SECRET_UNIQUE_CHARACTERS} different ones. {GENERATE_HINT}"
        )
    return value
