"""API routes, mounted under ``/api/``."""

from rest_framework.routers import DefaultRouter

from .views import NoteViewSet

app_name = "api"

router = DefaultRouter()
router.register("notes", NoteViewSet, basename="note")

urlpatterns = router.urls
