from __future__ import annotations

from django.urls import path

from cocity.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path("demographics/", views.demographics, name="demographics"),
    path("demographics/delete/", views.demographics_delete, name="delete-demographics"),
    path("delete/", views.account_delete, name="delete-account"),
]
