from __future__ import annotations

from django.apps import AppConfig


class VotingConfig(AppConfig):
    name = "cocity.voting"
    label = "voting"
