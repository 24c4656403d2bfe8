"""Middleware of the ``core`` app."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .logs import clean_request_id, request_id
from .views import health

HEALTH_PATH = "/health/"


class HealthCheckMiddleware:
    """Answer the health check before any other middleware runs.

    Container and load-balancer probes call the app by its internal address, so their
    Host header is not in ALLOWED_HOSTS, and they speak plain HTTP, which production
    would redirect to HTTPS. Answering here, first, keeps those probes working; the
    response carries nothing but the status.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_PATH:
            return health(request)
        return self.get_response(request)


class RequestIdMiddleware:
    """Give every request an id: the caller's ``X-Request-ID`` when valid, else a new one.

    The id is in every log record written while the request is served (see ``core.logs``)
    and in the ``X-Request-ID`` response header.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        value = clean_request_id(request.headers.get("X-Request-ID"))
        # Not reset on the way out: Django logs error responses after the middleware
        # has returned. The request_finished signal clears it (see core/apps.py).
        request_id.set(value)
        response = self.get_response(request)
        response["X-Request-ID"] = value
        return response
