"""Error reporting with Sentry (sentry-sdk): active only when ``SENTRY_DSN`` is set.

Unhandled errors, and records logged at ERROR (with their traceback), become Sentry
events, tagged with the request id; INFO and WARNING records travel along as breadcrumbs.
Personal data (cookies, user IPs, the logged-in user) is not sent: ``send_default_pii``
is off.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import sentry_sdk
from flask import Flask
from sentry_sdk.integrations.flask import FlaskIntegration
from sentry_sdk.utils import get_default_release

from .request_id import current_request_id

if TYPE_CHECKING:
    from sentry_sdk.types import Event, Hint

logger = logging.getLogger(__name__)


def init_sentry(app: Flask) -> bool:
    """Start sentry-sdk for ``app`` when ``SENTRY_DSN`` is set; return whether it started."""
    dsn = app.config.get("SENTRY_DSN")
    if not dsn:
        return False
    sentry_sdk.init(
        dsn=dsn,
        integrations=[FlaskIntegration()],
        release=app.config.get("SENTRY_RELEASE") or default_release(),
        environment=app.config.get("SENTRY_ENVIRONMENT") or app.config["ENV_NAME"],
        send_default_pii=False,
        traces_sample_rate=float(app.config.get("SENTRY_TRACES_SAMPLE_RATE") or 0),
        before_send=add_request_id,
    )
    logger.info("Error reporting to Sentry is on")
    return True


def add_request_id(event: Event, _hint: Hint) -> Event:
    """Tag each event with the request id, which the logs and the response header carry too."""
    request_id = current_request_id()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def default_release() -> str:
    """A release name when ``SENTRY_RELEASE`` is unset.

    The commit sentry-sdk can find (git, or the variables Heroku, Render, CircleCI and
    others set), else ``<distribution>@<version>``.
    """
    from . import __version__

    return get_default_release() or f"{__name__.split('.')[0].replace('_', '-')}@{__version__}"
