#!/usr/bin/env python
"""Django's command-line utility for administrative tasks.

It defaults to ``config.settings.development``. Development settings still keep DEBUG off
unless ``DJANGO_DEBUG=true`` is set (``.env`` does that for local work). Set
``DJANGO_SETTINGS_MODULE=config.settings.production`` to run commands against production.
"""

import os
import sys


def main() -> None:
    """Run an administrative task."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.development")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
