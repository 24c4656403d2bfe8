"""Error handlers: JSON for the API and for JSON clients, HTML pages for browsers."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

logger = logging.getLogger(__name__)

HTML_ERROR_PAGES = {404: "errors/404.html", 500: "errors/500.html"}


def wants_json() -> bool:
    """True for API URLs and for clients that prefer JSON over HTML."""
    if request.blueprint == "api" or request.path.startswith("/api/"):
        return True
    accept = request.accept_mimetypes
    return accept.best_match(["application/json", "text/html"]) == "application/json"


def error_response(error: HTTPException) -> tuple[Response | str, int]:
    """Render ``error`` as JSON or HTML, whichever the client wants."""
    status = error.code or 500
    if wants_json():
        body = {"error": {"status": status, "name": error.name, "message": error.description}}
        return jsonify(body), status
    template = HTML_ERROR_PAGES.get(status)
    if template is None:
        return error.get_response(), status
    return render_template(template, error=error), status


def register_error_handlers(app: Flask) -> None:
    """Attach the handlers to ``app``."""

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException) -> tuple[Response | str, int]:
        return error_response(error)

    @app.errorhandler(Exception)
    def handle_unexpected_error(error: Exception) -> tuple[Response | str, int]:
        logger.exception("Unhandled error on %s %s", request.method, request.path)
        return error_response(InternalServerError())
