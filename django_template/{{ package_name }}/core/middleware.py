"""Middleware of the ``core`` app."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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
