"""A phase whose residents voted keeps its ballots: it cannot be deleted or change method."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from cocity.projects import services as project_services
from cocity.projects.models import Phase
from cocity.voting import services
from cocity.voting.models import BallotItem


def test_it_refuses_to_delete_a_phase_with_a_ballot(budget_setup: Any, alice: Any, carol: Any):
    a, b = BallotItem.objects.filter(setup=budget_setup).order_by("number")[:2]
    services.basket_set(setup=budget_setup, user=alice, item=a, votes=1)
    services.basket_set(setup=budget_setup, user=alice, item=b, votes=1)
    services.ballot_submit(setup=budget_setup, user=alice)

    assert project_services.phase_has_contributions(phase=budget_setup.phase)
    with pytest.raises(ValidationError, match="cannot be deleted"):
        project_services.phase_delete(phase=budget_setup.phase, user=carol)
    assert Phase.objects.filter(pk=budget_setup.phase_id).exists()


def test_it_lets_staff_delete_a_voting_phase_nobody_voted_in(budget_setup: Any, carol: Any):
    assert not project_services.phase_has_contributions(phase=budget_setup.phase)
    project_services.phase_delete(phase=budget_setup.phase, user=carol)
    assert not Phase.objects.filter(pk=budget_setup.phase_id).exists()
