from __future__ import annotations

from django.apps import AppConfig


class IdeasConfig(AppConfig):
    name = "cocity.ideas"
    label = "ideas"
