"""Request ids: one per request, from the ``X-Request-ID`` header or new, echoed back.

The id lives in a context variable while the request is handled, so every log record
made meanwhile carries it (see :mod:`.logging_setup`); the response repeats it in
``X-Request-ID``, which is where gunicorn's access log finds it.
"""

from __future__ import annotations

import logging
import re
import uuid
from contextvars import ContextVar

from flask import Flask, Response, request

HEADER = "X-Request-ID"
_USABLE_ID = re.compile(r"[A-Za-z0-9._-]{1,200}")

request_id_var: ContextVar[str | None] = ContextVar("request_id", default=None)
logger = logging.getLogger(__name__)


def current_request_id() -> str | None:
    """The id of the request being handled, or None outside a request."""
    return request_id_var.get()


def usable_request_id(value: str | None) -> str | None:
    """``value`` if it is 1-200 characters of ``A-Z a-z 0-9 . _ -``, else None."""
    if value and _USABLE_ID.fullmatch(value):
        return value
    return None


def _start() -> str:
    """Take the client's id when it is usable, else make one; remember it for this request."""
    sent = request.headers.get(HEADER)
    request_id = usable_request_id(sent) or uuid.uuid4().hex
    request_id_var.set(request_id)
    if sent is not None and sent != request_id:
        logger.warning("Replaced an unusable %s header (%d characters)", HEADER, len(sent))
    return request_id


def init_request_ids(app: Flask) -> None:
    """Give every request of ``app`` an id, and send it back in the response."""

    @app.before_request
    def start_request_id() -> None:
        _start()

    @app.after_request
    def echo_request_id(response: Response) -> Response:
        # An earlier before_request hook may have answered before ours ran.
        response.headers[HEADER] = current_request_id() or _start()
        logger.debug("%s %s answered %s", request.method, request.path, response.status_code)
        return response

    @app.teardown_request
    def forget_request_id(_error: BaseException | None) -> None:
        request_id_var.set(None)
