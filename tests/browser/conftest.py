"""Real-browser fixtures: Chromium (Debian's) driven by Playwright against the live server.

- `browser` (session): headless Chromium at /usr/bin/chromium (never a downloaded build).
- `page` / `page_nojs`: a fresh browser context per test, with or without JavaScript. Every
  request that does not go to the live server is aborted (the test never waits on the network)
  and recorded; at the end of the test any such request other than the city's tile server fails
  the test. Uncaught JavaScript errors and Content-Security-Policy refusals fail it too.
- `login_as(page, user)`: signs a user in by setting a Django session cookie (no typing).
- `assert_accessible(page)`: axe-core on the current page; fails on serious or critical
  violations, listing the rule, the elements and the help URL. Pages opened without JavaScript
  are checked as they are: their HTML is replayed, scripts blocked, in a scripted context.

Each test gets a transactional database (the live server runs in another thread) with serialized
rollback, so rows created by data migrations (idea statuses, the site) survive between tests.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    Playwright,
    Request,
    Route,
    sync_playwright,
)

# Share the personas, the test settings and the "skip locally, fail under CI" rule with the app
# tests: conftest fixtures and hooks only reach tests below their own directory.
from cocity.conftest import (  # noqa: F401 (re-exported for pytest)
    CHROMIUM,
    _test_settings,
    alice,
    anon,
    bob,
    carol,
    dave,
    eve,
    phase,
    project,
    pytest_runtest_setup,
)

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
#: `new_page(**ON_A_PHONE)`: a phone-sized touch screen, as the phone tests use it
ON_A_PHONE = {"viewport": PHONE, "is_mobile": True, "has_touch": True}
TIMEOUT_MS = 10_000
AXE_JS = Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js")
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="session", autouse=True)
def _playwright(django_db_setup: None) -> Iterator[Playwright]:
    """Playwright, started once the test databases exist (autouse: before any function fixture).

    Starting Playwright's sync API leaves later code in another context, where Django's
    connection objects are new ones: carry over the migrated data that Django serialized at
    database set-up, or serialized rollback would find nothing to restore between tests.
    """
    from django.db import connections

    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    # Playwright's sync API keeps an asyncio loop in this thread, which Django would take for an
    # async context; our database calls here are plain synchronous test code.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            for alias, contents in serialized.items():
                connections[alias]._test_serialized_contents = contents
            yield playwright
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session", autouse=True)
def _restorable_content_types() -> Iterator[None]:
    """Let serialized rollback restore content types after another test's flush.

    A transactional test without serialized rollback (a concurrency test, say) flushes the
    database, and post_migrate recreates content types under new ids (PostgreSQL's sequences go
    on), while the serialized rows carry the old ids: restoring them would break the
    (app_label, model) unique constraint. Remove the recreated ones (and, by cascade, their
    permissions) just before Django restores the serialized rows.
    """
    from django.contrib.contenttypes.models import ContentType
    from django.db.backends.base.creation import BaseDatabaseCreation

    original = BaseDatabaseCreation.deserialize_db_from_string

    def deserialize(self: BaseDatabaseCreation, data: str) -> None:
        ContentType.objects.using(self.connection.alias).all().delete()
        original(self, data)
        ContentType.objects.clear_cache()

    BaseDatabaseCreation.deserialize_db_from_string = deserialize  # type: ignore[method-assign]
    yield
    BaseDatabaseCreation.deserialize_db_from_string = original  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def browser(_playwright: Playwright) -> Iterator[Browser]:
    if not os.path.exists(CHROMIUM):
        # pytest_runtest_setup already skipped (or, under CI, failed) every browser test.
        pytest.skip(f"needs Debian's Chromium at {CHROMIUM}")
    browser = _playwright.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def _browser_database(django_db_serialized_rollback: None, live_server: Any) -> None:
    """Every browser test talks to the live server, on a transactional, restorable database."""


@dataclass
class NetworkLog:
    """What a context tried to fetch outside the live server."""

    origin: str
    tile_host: str
    tiles: list[str] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def route(self, route: Route, request: Request) -> None:
        url = request.url
        if url.startswith(self.origin + "/") or url == self.origin:
            route.continue_()
            return
        host = urlsplit(url).hostname or ""
        if self.tile_host and _host_matches(host, self.tile_host):
            self.tiles.append(url)
        else:
            self.third_party.append(url)
        route.abort()

    def check(self) -> None:
        problems = []
        if self.third_party:
            problems.append("third-party requests: " + ", ".join(sorted(set(self.third_party))))
        if self.page_errors:
            problems.append("page errors: " + " | ".join(self.page_errors))
        if problems:
            pytest.fail("; ".join(problems), pytrace=False)


def _host_matches(host: str, pattern: str) -> bool:
    """tile.example.org matches 'tile.example.org' and a '{s}.tile.example.org' pattern."""
    if pattern.startswith("{s}."):
        return host.endswith(pattern[3:])
    return host == pattern


def _tile_host() -> str:
    tiles = settings.COCITY_MAP_TILES_URL or ""
    return urlsplit(tiles).hostname or "" if "://" in tiles else ""


_NO_JS_CONTEXTS: set[int] = set()
_NETWORK_LOGS: dict[int, NetworkLog] = {}


def network_log(page: Page) -> NetworkLog:
    """What the page's context tried to fetch outside the live server so far."""
    return _NETWORK_LOGS[id(page.context)]


def _new_page(browser: Browser, live_server: Any, *, javascript: bool, **options: Any) -> tuple[
    BrowserContext, Page, NetworkLog
]:  # fmt: skip
    options.setdefault("viewport", DESKTOP)
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=javascript, locale="en-GB", **options
    )
    context.set_default_timeout(TIMEOUT_MS)
    log = NetworkLog(origin=live_server.url, tile_host=_tile_host())
    context.route("**/*", log.route)
    _NETWORK_LOGS[id(context)] = log
    if not javascript:
        _NO_JS_CONTEXTS.add(id(context))
    page = context.new_page()
    page.on("pageerror", lambda error: log.page_errors.append(str(error)))
    page.on(
        "console",
        lambda msg: (
            log.page_errors.append(msg.text) if "Content Security Policy" in msg.text else None
        ),
    )
    return context, page, log


@pytest.fixture
def new_page(browser: Browser, live_server: Any) -> Iterator[Callable[..., Page]]:
    """new_page(javascript=True, viewport=…) -> a Page in a fresh context, checked at the end."""
    opened: list[tuple[BrowserContext, NetworkLog]] = []

    def make(*, javascript: bool = True, **options: Any) -> Page:
        context, page, log = _new_page(browser, live_server, javascript=javascript, **options)
        opened.append((context, log))
        return page

    yield make
    for context, _log in opened:
        _NO_JS_CONTEXTS.discard(id(context))
        _NETWORK_LOGS.pop(id(context), None)
        context.close()
    for _context, log in opened:
        log.check()


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page(javascript=True)


@pytest.fixture
def page_nojs(new_page: Callable[..., Page]) -> Page:
    return new_page(javascript=False)


@pytest.fixture
def login_as(live_server: Any) -> Callable[[Page, Any], None]:
    """login_as(page, user): give the page's context a signed-in Django session."""
    from django.test import Client

    def login(page: Page, user: Any) -> None:
        client = Client()
        client.force_login(user, backend=settings.AUTHENTICATION_BACKENDS[0])
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return login


def format_violations(violations: list[dict[str, Any]], url: str) -> str:
    lines = [f"axe-core found {len(violations)} serious/critical violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f"\n  help: {violation['helpUrl']}"
        )
        for node in violation["nodes"][:8]:
            lines.append(f"  target: {' '.join(map(str, node['target']))}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"    {summary[:300]}")
    return "\n".join(lines)


def _axe(page: Page) -> list[dict[str, Any]]:
    page.evaluate(AXE_JS.read_text())
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v.get("impact") in BLOCKING_IMPACTS]


@pytest.fixture
def assert_accessible(browser: Browser, live_server: Any) -> Callable[[Page], None]:
    """assert_accessible(page): no serious or critical axe-core violation on the page as shown."""

    def check(page: Page) -> None:
        page.wait_for_load_state("load")
        url = page.url
        if id(page.context) not in _NO_JS_CONTEXTS:
            violations = _axe(page)
        else:
            # axe needs scripts; replay the no-JS page's HTML in a scripted context whose own
            # scripts are blocked, so the DOM is the one a visitor without JavaScript gets.
            html = page.content()
            viewport = page.viewport_size or DESKTOP
            context = browser.new_context(base_url=live_server.url, viewport=viewport)
            try:
                context.set_default_timeout(TIMEOUT_MS)

                def serve(route: Route, request: Request) -> None:
                    if request.url == url and request.resource_type == "document":
                        route.fulfill(body=html, content_type="text/html; charset=utf-8")
                    elif request.resource_type == "script" or not request.url.startswith(
                        live_server.url
                    ):
                        route.abort()
                    else:
                        route.continue_()

                context.route("**/*", serve)
                replay = context.new_page()
                replay.goto(url)
                violations = _axe(replay)
            finally:
                context.close()
        if violations:
            pytest.fail(format_violations(violations, url), pytrace=False)

    return check


@pytest.fixture
def png_file(tmp_path: Path) -> Path:
    """A small real PNG to upload."""
    from PIL import Image

    path = tmp_path / "square.png"
    Image.new("RGB", (64, 48), (40, 140, 90)).save(path, format="PNG")
    return path
