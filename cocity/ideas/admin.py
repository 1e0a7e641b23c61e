"""Django admin for superusers: ideas and their comments, reactions and statuses."""

from __future__ import annotations

from django.contrib import admin

from cocity.ideas.models import Comment, Idea, IdeaStatus, Reaction


@admin.register(IdeaStatus)
class IdeaStatusAdmin(admin.ModelAdmin):
    list_display = ("__str__", "slug", "position", "is_default", "is_decision")
    list_editable = ("position",)
    search_fields = ("slug", "label")


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "phase",
        "author",
        "status",
        "is_official",
        "is_hidden",
        "is_withdrawn",
        "score",
        "comment_count",
        "created_at",
    )
    list_filter = ("status", "is_official", "is_hidden", "is_withdrawn", "phase__project")
    search_fields = ("title", "body", "author__email", "author__display_name")
    raw_id_fields = ("phase", "author", "answered_by", "topics")
    list_select_related = ("phase", "author", "status")
    date_hierarchy = "created_at"
    readonly_fields = (
        "up_count",
        "down_count",
        "score",
        "comment_count",
        "hot",
        "created_at",
        "updated_at",
        "answered_at",
    )


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "idea", "author", "is_removed", "created_at")
    list_filter = ("is_removed", "removed_by_moderator")
    search_fields = ("body", "author__email", "idea__title")
    raw_id_fields = ("idea", "author", "parent")
    list_select_related = ("idea", "author")
    date_hierarchy = "created_at"


@admin.register(Reaction)
class ReactionAdmin(admin.ModelAdmin):
    list_display = ("idea", "user", "value", "created_at")
    list_filter = ("value",)
    search_fields = ("idea__title", "user__email")
    raw_id_fields = ("idea", "user")
    list_select_related = ("idea", "user")
