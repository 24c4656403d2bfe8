"""API views."""

from django.db.models import QuerySet
from rest_framework import viewsets
from rest_framework.serializers import BaseSerializer

from .models import Note
from .serializers import NoteSerializer


class NoteViewSet(viewsets.ModelViewSet):
    """Create, list, read, change and delete the signed-in user's notes.

    Other users' notes are invisible: they answer 404, not 403, so their ids leak nothing.
    """

    serializer_class = NoteSerializer

    def get_queryset(self) -> QuerySet[Note]:
        return Note.objects.filter(owner=self.request.user).select_related("owner")

    def perform_create(self, serializer: BaseSerializer) -> None:
        serializer.save(owner=self.request.user)
