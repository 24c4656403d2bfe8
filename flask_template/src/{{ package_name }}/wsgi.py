"""The WSGI entry point: ``gunicorn <package>.wsgi:app`` and ``flask --app <package>.wsgi``."""

from . import create_app

app = create_app()
