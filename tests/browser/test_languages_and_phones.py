"""Language switching, phone-sized screens and the map's list twin, in a real browser."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from cocity.events.tests.conftest import make_event
from cocity.testing.factories import IdeaFactory
from tests.browser.conftest import ON_A_PHONE, network_log

pytestmark = pytest.mark.browser


def switch_language(page: Page, name: str) -> None:
    # The select's own label is translated too ("Langue", "Taal"): find it by its form.
    page.locator("form.lang-form select").select_option(label=name)
    page.locator("form.lang-form").get_by_role("button").click()
    page.wait_for_load_state("load")


def html_lang(page: Page) -> str:
    return page.locator("html").get_attribute("lang") or ""


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_switching_to_french_then_dutch_changes_the_interface_and_the_city_texts(
    javascript: bool,
    new_page: Callable[..., Page],
    assert_accessible: Callable[[Page], None],
    phase: Any,
) -> None:
    page = new_page(javascript=javascript)
    page.goto(f"/projects/{phase.project.slug}/")
    assert html_lang(page) == "en"
    expect(page.get_by_role("heading", level=1)).to_contain_text("Green squares")

    switch_language(page, "Français")
    assert html_lang(page) == "fr"
    expect(page.get_by_role("button", name="Changer de langue")).to_be_visible()
    title = page.get_by_role("heading", level=1)
    expect(title).to_contain_text("Places vertes")
    # Text in the page's own language carries no lang attribute of its own.
    assert title.get_attribute("lang") in (None, "fr")
    expect(page.locator("main")).to_contain_text("Idées")  # the phase title, in French
    assert_accessible(page)

    switch_language(page, "Nederlands")
    assert html_lang(page) == "nl"
    expect(page.get_by_role("button", name="Taal wijzigen")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Ideeën")
    # The project has no Dutch title: the English one is shown, marked as English.
    fallback = page.locator("main [lang=en]", has_text="Green squares").first
    expect(fallback).to_be_visible()
    assert_accessible(page)

    switch_language(page, "English")
    assert html_lang(page) == "en"


def assert_no_horizontal_scroll(page: Page) -> None:
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{page.url} scrolls sideways: {widths[0]}px > {widths[1]}px"


def test_home_and_idea_pages_fit_a_phone_screen(
    new_page: Callable[..., Page],
    assert_accessible: Callable[[Page], None],
    phase: Any,
    eve: Any,
) -> None:
    idea = IdeaFactory(
        phase=phase,
        author=eve,
        title="A very long idea title about planting trees along Boulevard de la Sauvenière",
        address="Boulevard de la Sauvenière 1, 4000 Liège",
        latitude=50.6412,
        longitude=5.5718,
    )
    page = new_page(**ON_A_PHONE)
    page.goto("/")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.goto(f"/ideas/{idea.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("A very long idea title")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)


def test_the_idea_form_and_the_events_list_fit_a_phone_screen(
    new_page: Callable[..., Page],
    login_as: Callable[[Page, Any], None],
    phase: Any,
    carol: Any,
    eve: Any,
) -> None:
    """Browsers give a fieldset (the idea's images) and a flex item (the events' project
    filter) the width of their widest content: a file input, a long project name."""
    project = phase.project
    project.title = {"en": "The long-awaited renovation of the Boulevard de la Sauvenière"}
    project.save()
    make_event(carol, project)
    page = new_page(**ON_A_PHONE)
    login_as(page, eve)
    page.goto(f"/projects/{project.slug}/phases/{phase.pk}/ideas/new/")
    expect(page.get_by_role("group", name=re.compile("image", re.IGNORECASE)).first).to_be_visible()
    assert_no_horizontal_scroll(page)
    page.goto("/events/")
    expect(page.get_by_role("combobox", name="Project")).to_contain_text("Boulevard")
    assert_no_horizontal_scroll(page)


def test_a_wide_staff_table_scrolls_in_its_box_not_the_page(
    new_page: Callable[..., Page],
    login_as: Callable[[Page, Any], None],
    phase: Any,
    carol: Any,
    eve: Any,
) -> None:
    """The staff idea list has more columns than a phone is wide, and visually hidden labels in
    its cells (placed absolutely): the table scrolls inside its box, the page does not."""
    IdeaFactory(phase=phase, author=eve, title="Benches in the shade of the plane trees")
    page = new_page(**ON_A_PHONE)
    login_as(page, carol)
    page.goto(f"/staff/projects/{phase.project.slug}/ideas/")
    expect(page.get_by_role("table")).to_contain_text("Benches in the shade")
    assert_no_horizontal_scroll(page)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_the_map_view_lists_located_ideas_without_any_tile(
    javascript: bool,
    new_page: Callable[..., Page],
    assert_accessible: Callable[[Page], None],
    phase: Any,
    eve: Any,
) -> None:
    IdeaFactory(phase=phase, author=eve, title="Shade by the river", latitude=50.64, longitude=5.58)
    IdeaFactory(phase=phase, author=eve, title="No place given")
    page = new_page(javascript=javascript)
    page.goto(f"/projects/{phase.project.slug}/phases/{phase.pk}/")
    page.get_by_role("link", name="Map").click()
    twin = page.get_by_role("table", name="1 idea with a location")
    expect(twin).to_contain_text("Shade by the river")
    expect(twin).not_to_contain_text("No place given")
    assert_accessible(page)
    log = network_log(page)
    assert log.third_party == []
    if not javascript:
        assert log.tiles == []  # without scripts there is no map, only its list twin
