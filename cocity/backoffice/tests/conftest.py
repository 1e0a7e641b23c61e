"""Shared for the back-office tests: a manager of ANOTHER project, and a signed-in client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from cocity.accounts.models import Role
from cocity.testing.factories import ProjectFactory, UserFactory


@pytest.fixture
def frank(db: None) -> Any:
    """A project manager, but of another project than `project`."""
    user = UserFactory(email="frank@example.org", display_name="Frank", role=Role.PROJECT_MANAGER)
    ProjectFactory(slug="other-project").managers.add(user)
    return user


@pytest.fixture
def client_for(client: Client) -> Callable[[Any], Client]:
    def sign_in(user: Any) -> Client:
        if user is not None:
            client.force_login(user)
        return client

    return sign_in
