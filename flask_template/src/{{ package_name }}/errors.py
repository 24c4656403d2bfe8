"""Error handlers: JSON for the API and for JSON clients, HTML pages for browsers.

Unexpected exceptions are not caught here: in development they reach the Werkzeug
debugger; in production Flask logs them and turns them into a ``500``, which the
handler below renders as the friendly error page (or JSON).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as BaseResponse

HTML_ERROR_PAGES = {404: "errors/404.html", 429: "errors/429.html", 500: "errors/500.html"}


def wants_json() -> bool:
    """True for API URLs and for clients that prefer JSON over HTML."""
    if request.path == "/api" or request.path.startswith("/api/"):
        return True
    accept = request.accept_mimetypes
    return accept.best_match(["application/json", "text/html"]) == "application/json"


def field_errors(error: HTTPException) -> dict[str, str]:
    """Validation messages (from flask-smorest/webargs) as ``{field: message}``."""
    data: Any = getattr(error, "data", None)
    messages = data.get("messages") if isinstance(data, dict) else None
    found: dict[str, str] = {}
    if isinstance(messages, dict):
        for location in messages.values():  # {"json": {"name": ["Required."]}}
            if isinstance(location, dict):
                for name, problems in location.items():
                    found[str(name)] = " ".join(
                        map(str, problems if isinstance(problems, list) else [problems])
                    )
    return found


def error_response(error: HTTPException) -> BaseResponse | tuple[str, int]:
    """Render ``error`` as JSON or HTML, whichever the client wants; keep its headers."""
    status = error.code or 500
    if wants_json():
        details: dict[str, Any] = {
            "status": status,
            "name": error.name,
            "message": error.description,
        }
        if fields := field_errors(error):
            details["fields"] = fields
        response = jsonify(error=details)
        response.status_code = status
        for key, value in error.get_headers():
            if key.lower() != "content-type":
                response.headers[key] = value
        return response
    template = HTML_ERROR_PAGES.get(status)
    if template is None:
        return error.get_response()
    return render_template(template, error=error), status


def register_error_handlers(app: Flask) -> None:
    """Attach the handler to ``app`` for every HTTP error (500 included)."""
    app.register_error_handler(HTTPException, error_response)
