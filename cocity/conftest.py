"""Fixtures for every test: the shared personas, and test-friendly settings.

Personas (STYLE.md): alice the resident, bob the moderator, carol the project manager (of
`project`), dave the administrator, and `anon` the anonymous visitor.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache

from cocity.accounts.models import Role
from cocity.testing.factories import PhaseFactory, ProjectFactory, UserFactory


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.COCITY_GEOCODER_URL = "http://127.0.0.1:9/search"  # nothing listens: offline
    cache.clear()


@pytest.fixture
def alice(db: None) -> Any:
    return UserFactory(email="alice@example.org", display_name="Alice")


@pytest.fixture
def eve(db: None) -> Any:
    """Another resident, for 'someone else's content'."""
    return UserFactory(email="eve@example.org", display_name="Eve")


@pytest.fixture
def bob(db: None) -> Any:
    return UserFactory(email="bob@example.org", display_name="Bob", role=Role.MODERATOR)


@pytest.fixture
def carol(db: None) -> Any:
    return UserFactory(email="carol@example.org", display_name="Carol", role=Role.PROJECT_MANAGER)


@pytest.fixture
def dave(db: None) -> Any:
    return UserFactory(email="dave@example.org", display_name="Dave", role=Role.ADMINISTRATOR)


@pytest.fixture
def anon() -> AnonymousUser:
    return AnonymousUser()


@pytest.fixture
def project(db: None, carol: Any) -> Any:
    project = ProjectFactory(slug="green-squares", title={"en": "Green squares", "fr": "Places vertes"})
    project.managers.add(carol)
    return project


@pytest.fixture
def phase(project: Any) -> Any:
    """An ideation phase of `project`, open now."""
    return PhaseFactory(project=project)
