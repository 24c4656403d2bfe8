"""Serializers: how API resources look as JSON."""

from rest_framework import serializers

from .models import Note


class NoteSerializer(serializers.HyperlinkedModelSerializer):
    """A note; the owner is always the signed-in user and cannot be set."""

    url = serializers.HyperlinkedIdentityField(view_name="api:note-detail")
    owner = serializers.ReadOnlyField(source="owner.username")

    class Meta:
        model = Note
        fields = ("url", "id", "title", "body", "owner", "created_at", "updated_at")
        read_only_fields = ("created_at", "updated_at")
