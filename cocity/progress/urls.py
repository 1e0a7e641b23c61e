from __future__ import annotations

from django.urls import path

from cocity.progress import views

app_name = "progress"
urlpatterns = [
    path("you-said-we-did/", views.city, name="city"),
    path("projects/<slug:slug>/you-said-we-did/", views.project, name="project"),
    path("staff/ideas/<int:pk>/progress/", views.manage, name="manage"),
]
