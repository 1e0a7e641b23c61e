from __future__ import annotations

from django.apps import AppConfig


class InformationConfig(AppConfig):
    name = "cocity.information"
    label = "information"
