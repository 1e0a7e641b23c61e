"""Fixtures for every test: the shared personas, and test-friendly settings.

Personas (STYLE.md): alice the resident, bob the moderator, carol the project manager (of
`project`), dave the administrator, and `anon` the anonymous visitor.
"""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from functools import cache as memoize
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.utils import translation

from cocity.accounts.models import Role
from cocity.testing.factories import PhaseFactory, ProjectFactory, UserFactory

CHROMIUM = "/usr/bin/chromium"
TEST_REDIS_URL = os.environ.get("COCITY_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@memoize
def _redis_reachable() -> bool:
    parts = urlsplit(TEST_REDIS_URL)
    try:
        with socket.create_connection((parts.hostname, parts.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def _missing_service(item: pytest.Item) -> tuple[str, bool] | None:
    """(why this test cannot run here, whether CI must fail instead of skipping), or None."""
    from django.db import connection

    if item.get_closest_marker("postgres") and connection.vendor != "postgresql":
        # The SQLite run cannot host these; CI's PostgreSQL run does, so this never hides one.
        return "needs PostgreSQL (set COCITY_DATABASE_URL=postgres://…)", False
    if item.get_closest_marker("browser") and not shutil.which(CHROMIUM):
        return f"needs Debian's Chromium at {CHROMIUM} (apt-get install chromium)", True
    if item.get_closest_marker("redis") and not _redis_reachable():
        return f"needs Redis at {TEST_REDIS_URL} (COCITY_TEST_REDIS_URL)", True
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Skip a test whose service is missing here, but fail it under CI: CI must never skip.

    tests/browser/conftest.py re-exports this hook so the browser suite shares the rule.
    """
    missing = _missing_service(item)
    if missing is None:
        return
    reason, required_in_ci = missing
    if required_in_ci and os.environ.get("CI"):
        pytest.fail(f"CI is set and this test {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Any) -> Iterator[None]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.COCITY_GEOCODER_URL = "http://127.0.0.1:9/search"  # nothing listens: offline
    cache.clear()
    # A request in French must not leave French active for the next test in this thread.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


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
    project = ProjectFactory(
        slug="green-squares", title={"en": "Green squares", "fr": "Places vertes"}
    )
    project.managers.add(carol)
    return project


@pytest.fixture
def phase(project: Any) -> Any:
    """An ideation phase of `project`, open now."""
    return PhaseFactory(project=project)
