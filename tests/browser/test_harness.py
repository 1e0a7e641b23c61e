"""The browser harness itself: axe-core really reports, and the network stays local."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from tests.browser.conftest import network_log

pytestmark = pytest.mark.browser

ADD_UNLABELLED_IMAGE = (
    "document.querySelector('main').insertAdjacentHTML('beforeend', "
    "'<img src=\"/static/vendor/leaflet/images/marker-icon.png\">')"
)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_assert_accessible_fails_on_a_critical_violation(
    javascript: bool,
    new_page: Callable[..., Page],
    assert_accessible: Callable[[Page], None],
    phase: Any,
) -> None:
    page = new_page(javascript=javascript)
    page.goto("/")
    assert_accessible(page)  # the home page itself is fine
    page.evaluate(ADD_UNLABELLED_IMAGE)
    with pytest.raises(pytest.fail.Exception, match=r"image-alt \(critical\)") as failure:
        assert_accessible(page)
    assert "dequeuniversity.com/rules/axe" in str(failure.value)
    assert "target: img" in str(failure.value)


def test_requests_leaving_the_live_server_are_blocked_and_recorded(page: Page) -> None:
    page.goto("/")
    with pytest.raises(PlaywrightError):
        page.goto("https://third-party.invalid/tracker")
    log = network_log(page)
    assert log.third_party == ["https://third-party.invalid/tracker"]
    log.third_party.clear()  # recorded as expected; the fixture would otherwise fail the test
