"""Logging to standard output (12-factor), at the level set by ``LOG_LEVEL``.

``LOG_FORMAT=json`` (the production default) writes one JSON object per line with the
keys ``time``, ``level``, ``logger``, ``message`` and ``request_id``, plus any ``extra``
values; ``LOG_FORMAT=text`` (the default elsewhere) writes readable lines.
"""

from __future__ import annotations

import logging
import logging.config
from typing import Any

from .request_id import current_request_id

PACKAGE = __name__.rpartition(".")[0]
TEXT_FORMAT = "%(asctime)s %(levelname)s [%(name)s] %(message)s"
FORMATTERS: dict[str, dict[str, Any]] = {
    "json": {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
        "rename_fields": {"levelname": "level", "name": "logger"},
        "timestamp": "time",
    },
    "text": {"format": TEXT_FORMAT},
}


class RequestIdFilter(logging.Filter):
    """Add the current request's id (None outside a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.__dict__["request_id"] = current_request_id()
        return True


def configure_logging(level: str = "INFO", log_format: str = "text") -> None:
    """Send every logger's records to stdout at ``level``, as ``json`` or ``text`` lines."""
    level = level.upper()
    if level not in logging.getLevelNamesMapping():
        level = "INFO"
    log_format = log_format.lower() if log_format.lower() in FORMATTERS else "json"
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"default": FORMATTERS[log_format]},
            "filters": {"request_id": {"()": RequestIdFilter}},
            "handlers": {
                "stdout": {
                    "class": "logging.StreamHandler",
                    "stream": "ext://sys.stdout",
                    "formatter": "default",
                    "filters": ["request_id"],
                }
            },
            "root": {"level": level, "handlers": ["stdout"]},
            "loggers": {
                # LOG_LEVEL holds for the app's own loggers even in debug mode, where
                # Flask would otherwise lower the app logger to DEBUG.
                PACKAGE: {"level": level},
                # Alembic announces its plugins on every `flask` command; keep that quiet.
                "alembic.runtime.plugins": {"level": "WARNING"},
            },
        }
    )
    # Python warnings become log records too, so production output stays all JSON.
    logging.captureWarnings(True)
