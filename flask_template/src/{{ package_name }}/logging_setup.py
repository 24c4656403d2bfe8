"""Logging to standard output (12-factor), at the level set by ``LOG_LEVEL``."""

from __future__ import annotations

import logging.config

LOG_FORMAT = "%(asctime)s %(levelname)s [%(name)s] %(message)s"


def configure_logging(level: str = "INFO") -> None:
    """Send every logger's records to stdout at ``level`` (e.g. DEBUG, INFO, WARNING)."""
    level = level.upper()
    if level not in logging.getLevelNamesMapping():
        level = "INFO"
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"default": {"format": LOG_FORMAT}},
            "handlers": {
                "stdout": {
                    "class": "logging.StreamHandler",
                    "stream": "ext://sys.stdout",
                    "formatter": "default",
                }
            },
            "root": {"level": level, "handlers": ["stdout"]},
            # Alembic announces its plugins on every `flask` command; keep that quiet.
            "loggers": {"alembic.runtime.plugins": {"level": "WARNING"}},
        }
    )
