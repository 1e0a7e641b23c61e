from __future__ import annotations

from django.urls import path

from cocity.ideas import views

app_name = "ideas"
urlpatterns = [
    path(
        "projects/<slug:slug>/phases/<int:phase_pk>/ideas/new/",
        views.idea_create,
        name="create",
    ),
    path("ideas/<int:pk>/", views.idea_detail, name="detail"),
    path("ideas/<int:pk>/edit/", views.idea_edit, name="edit"),
    path("ideas/<int:pk>/withdraw/", views.idea_withdraw, name="withdraw"),
    path("ideas/<int:pk>/react/", views.idea_react, name="react"),
    path("ideas/<int:pk>/follow/", views.idea_follow, name="follow"),
    path("ideas/<int:pk>/comments/", views.comment_create, name="comment-create"),
    path("comments/<int:pk>/edit/", views.comment_edit, name="comment-edit"),
    path("comments/<int:pk>/delete/", views.comment_delete, name="comment-delete"),
]
