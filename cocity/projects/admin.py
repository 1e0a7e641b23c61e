"""Django admin for superusers: the raw view of projects; day-to-day work is in the back office."""

from __future__ import annotations

from django.contrib import admin

from cocity.projects.models import Area, Phase, Project, ProjectFollow, Topic


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0
    fields = ("title", "method", "starts_at", "ends_at", "position")


class TopicInline(admin.TabularInline):
    model = Topic
    extra = 0
    fields = ("name", "position")


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ("__str__", "slug", "visibility", "area", "starts_at", "ends_at", "updated_at")
    list_filter = ("visibility", "reaction_mode", "area")
    search_fields = ("slug", "title")
    date_hierarchy = "starts_at"
    filter_horizontal = ("managers",)
    list_select_related = ("area",)
    readonly_fields = ("starts_at", "ends_at", "created_at", "updated_at")
    inlines = (PhaseInline, TopicInline)


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ("__str__", "project", "method", "starts_at", "ends_at")
    list_filter = ("method",)
    search_fields = ("title", "project__slug")
    raw_id_fields = ("project",)
    list_select_related = ("project",)
    date_hierarchy = "starts_at"


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("__str__", "project", "position")
    search_fields = ("name", "project__slug")
    raw_id_fields = ("project",)
    list_select_related = ("project",)


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("__str__", "slug", "position")
    search_fields = ("slug", "name")


@admin.register(ProjectFollow)
class ProjectFollowAdmin(admin.ModelAdmin):
    list_display = ("project", "user", "created_at")
    search_fields = ("project__slug", "user__email")
    raw_id_fields = ("project", "user")
    list_select_related = ("project", "user")
    date_hierarchy = "created_at"
