"""Admin for the API's models."""

from django.contrib import admin

from .models import Note


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    """List, search and edit notes."""

    list_display = ("title", "owner", "created_at")
    list_select_related = ("owner",)
    search_fields = ("title", "body")
    raw_id_fields = ("owner",)
