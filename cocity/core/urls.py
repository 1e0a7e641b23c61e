from __future__ import annotations

from django.urls import path

from cocity.core import geo_views

app_name = "geo"
urlpatterns = [
    path("search", geo_views.geo_search, name="search"),
]
