from __future__ import annotations

from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "cocity.participation"
    label = "participation"
