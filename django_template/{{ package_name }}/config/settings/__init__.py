"""Settings, one module per environment; every module builds on ``base``.

- ``development``: ``manage.py`` uses it by default. DEBUG is on only with
  ``DJANGO_DEBUG=true``, which ``.env`` sets for local work.
- ``test``: pytest uses it (see ``[tool.pytest.ini_options]`` in pyproject.toml).
- ``production``: ``config/wsgi.py`` and ``config/asgi.py`` (beside this package) use it
  by default. DEBUG is always off, HTTPS is enforced and a strong DJANGO_SECRET_KEY is required.
"""
