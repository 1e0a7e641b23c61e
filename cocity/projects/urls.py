from __future__ import annotations

from django.urls import path

from cocity.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.home, name="home"),
    path("projects/<slug:slug>/", views.project_detail, name="detail"),
    path("projects/<slug:slug>/phases/<int:phase_pk>/", views.phase_detail, name="phase"),
    path("projects/<slug:slug>/follow/", views.project_follow, name="follow"),
]
