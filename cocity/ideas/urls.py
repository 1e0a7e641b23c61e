from __future__ import annotations

from django.urls import path

from cocity.ideas import views

app_name = "ideas"
urlpatterns = [
    path("ideas/<int:pk>/", views.idea_detail, name="detail"),
]
