from __future__ import annotations

from django.urls import path

from cocity.backoffice import views

app_name = "backoffice"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("projects/new/", views.project_create, name="project-create"),
    path("projects/<slug:slug>/", views.project_edit, name="project-edit"),
    path("projects/<slug:slug>/phases/", views.phase_list, name="phase-list"),
    path("projects/<slug:slug>/phases/new/", views.phase_create, name="phase-create"),
    path("projects/<slug:slug>/phases/<int:pk>/", views.phase_edit, name="phase-edit"),
    path("projects/<slug:slug>/phases/<int:pk>/delete/", views.phase_delete, name="phase-delete"),
    path("projects/<slug:slug>/topics/", views.topic_list, name="topic-list"),
    path("projects/<slug:slug>/topics/<int:pk>/", views.topic_edit, name="topic-edit"),
    path("projects/<slug:slug>/topics/<int:pk>/move/", views.topic_move, name="topic-move"),
    path("projects/<slug:slug>/topics/<int:pk>/delete/", views.topic_delete, name="topic-delete"),
    path("projects/<slug:slug>/ideas/", views.idea_list, name="idea-list"),
    path("ideas/<int:pk>/answer/", views.idea_answer_view, name="idea-answer"),
    path("statuses/", views.status_list, name="status-list"),
    path("statuses/new/", views.status_create, name="status-create"),
    path("statuses/<int:pk>/", views.status_edit, name="status-edit"),
]
