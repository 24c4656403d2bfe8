"""The project package: settings (``config``) and the Django apps live inside it."""
