"""The WSGI entry point: ``gunicorn <package>.wsgi:app`` and ``flask --app <package>.wsgi``.

Without ``APP_ENV`` (in the environment or ``.env``) this runs the production settings.
Unsafe production settings stop the process with one line saying what to fix; exit
status 3 tells gunicorn not to restart the worker again and again.
"""

import sys

from . import create_app
from .config import ConfigurationError

try:
    app = create_app()
except ConfigurationError as error:
    print(f"Configuration error: {error}", file=sys.stderr)
    raise SystemExit(3) from None
