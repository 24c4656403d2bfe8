"""Views of the ``core`` app."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from .health import database_is_available


class HomeView(TemplateView):
    """The landing page."""

    template_name = "core/home.html"


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """Report whether the app and its database work: 200 when they do, 503 when not."""
    database_ok = database_is_available()
    return JsonResponse(
        {"status": "ok" if database_ok else "error", "database": "ok" if database_ok else "error"},
        status=200 if database_ok else 503,
    )
