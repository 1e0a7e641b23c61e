from __future__ import annotations

from typing import Any

import pytest

from cocity.accounts.models import Role
from cocity.ideas import services as idea_services
from cocity.testing.factories import PhaseFactory, ProjectFactory, UserFactory


@pytest.fixture
def idea(phase: Any, alice: Any) -> Any:
    """Alice's published idea, posted through the service (so screened)."""
    return idea_services.idea_submit(
        phase=phase, author=alice, title="More benches on the square", body="Near the fountain."
    )


@pytest.fixture
def comment(idea: Any, eve: Any) -> Any:
    return idea_services.comment_post(idea=idea, author=eve, body="Yes, and some shade too.")


@pytest.fixture
def frank(db: None) -> Any:
    """A project manager of another project only."""
    return UserFactory(email="frank@example.org", display_name="Frank", role=Role.PROJECT_MANAGER)


@pytest.fixture
def other_phase(frank: Any) -> Any:
    project = ProjectFactory(slug="river-banks", title={"en": "River banks"})
    project.managers.add(frank)
    return PhaseFactory(project=project)
