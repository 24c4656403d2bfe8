"""Local development settings (the default of ``manage.py``).

DEBUG is on only when DJANGO_DEBUG=true; ``.env`` (made from ``.env.example``) sets it.
Without it these settings behave like production minus the HTTPS requirements.
"""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# A fixed key is fine on a laptop; .env holds a generated one anyway.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="django-insecure-local-development-only")

# Let whitenoise serve static files in runserver too, straight from the app folders.
INSTALLED_APPS = ["whitenoise.runserver_nostatic", *INSTALLED_APPS]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
