from __future__ import annotations

from django.apps import AppConfig


class BudgetingConfig(AppConfig):
    """The budgeting method: no models (baskets are voting's ballots); its catalogue and rules."""

    name = "cocity.budgeting"
    label = "budgeting"
