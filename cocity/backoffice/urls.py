from __future__ import annotations

from django.urls import path

from cocity.backoffice import views

app_name = "backoffice"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
