"""Settings for the test suite (pytest uses them through pytest-django).

The database follows DATABASE_URL like everywhere else; Django creates a separate
``test_`` database (in memory for SQLite) and drops it afterwards.
"""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-never-used-outside-the-test-suite"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost"]

# Hashing with a fast algorithm keeps tests that create users quick.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# Tests run without collectstatic: let whitenoise look files up per request.
WHITENOISE_AUTOREFRESH = True
