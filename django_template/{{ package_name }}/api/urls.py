"""API routes, mounted under ``/api/``."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .views import NoteViewSet, TokenView

app_name = "api"

router = DefaultRouter()
router.register("notes", NoteViewSet, basename="note")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    # The OpenAPI document (YAML; JSON with ?format=json) and Swagger UI. The UI's files
    # come from drf-spectacular-sidecar through the static files: no CDN, and its script is
    # a separate file rather than inline, ready for a Content-Security-Policy.
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    *router.urls,
]
