"""Logging: one JSON object per line in production, readable text in development.

``logging_config`` builds ``LOGGING`` from two settings: the format (``json`` or ``text``,
from ``LOG_FORMAT``) and the level (``LOG_LEVEL``). Every record carries ``request_id``,
the id of the request being served: ``RequestIdMiddleware`` takes it from the
``X-Request-ID`` request header (or makes one), keeps it in a context variable for the
length of the request and echoes it in the response, so that one request's lines can be
found across the proxy, gunicorn's access log and the app.
"""

import logging
import re
import uuid
from contextvars import ContextVar
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from pythonjsonlogger.json import JsonFormatter

# None outside a request (start-up, management commands).
request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

_ACCEPTED_ID = re.compile(r"[A-Za-z0-9._-]{1,200}")
LOG_FORMATS = ("json", "text")


def forget_request_id(**kwargs: Any) -> None:
    """Receiver of ``request_finished``: lines written between requests carry no id."""
    request_id.set(None)


def clean_request_id(value: str | None) -> str:
    """The caller's request id when it is safe to log, else a new random one."""
    if value and _ACCEPTED_ID.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Add the current ``request_id`` to every record that has none yet."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


def logging_config(log_format: str, level: str) -> dict[str, Any]:
    """The ``LOGGING`` setting: everything to stdout, for the process manager to collect.

    Errors that reach Django's own loggers are also mailed to ``ADMINS``
    (``AdminEmailHandler`` sends nothing while ``ADMINS`` is empty or DEBUG is on).
    """
    if log_format not in LOG_FORMATS:
        raise ImproperlyConfigured(f"LOG_FORMAT must be one of {LOG_FORMATS}, not {log_format!r}")
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": RequestIdFilter},
            "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        },
        "formatters": {
            "json": {
                "()": JsonFormatter,
                "fmt": "{levelname}{name}{message}{request_id}",
                "style": "{",
                "rename_fields": {"levelname": "level", "name": "logger"},
                # ISO 8601 in UTC, under the same key as gunicorn's lines.
                "timestamp": "time",
            },
            "text": {
                "format": "{asctime} {levelname} {name} [{request_id}] {message}",
                "style": "{",
            },
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": log_format,
                "filters": ["request_id"],
            },
            "mail_admins": {
                "class": "django.utils.log.AdminEmailHandler",
                "level": "ERROR",
                "filters": ["require_debug_false"],
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django": {"handlers": ["console", "mail_admins"], "level": level, "propagate": False},
        },
    }
