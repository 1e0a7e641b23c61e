"""A moderator clears the moderation queue with the keyboard only: shortcuts from the small
progressive-enhancement script (j, a, h) and plain Tab and Enter; every page axe-core clean."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from cocity.ideas import services as idea_services
from cocity.ideas.models import Idea
from cocity.moderation.models import ModerationCase, ModerationRule, ScreeningTerm
from cocity.testing.factories import UserFactory

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _word_lists(db: None) -> None:
    """The screened words these tests post. The data migration adds them, but rows from data
    migrations do not always survive the live-server tests' flush (see the final report)."""
    for language, term in [("fr", "putain"), ("nl", "klootzak"), ("fr", "connard")]:
        ScreeningTerm.objects.get_or_create(language=language, term=term)
    ModerationRule.objects.get_or_create(slug="respect", defaults={"title": {"en": "Respect"}})


def focused_text(page: Page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.textContent : ''")


def test_a_moderator_clears_the_queue_by_keyboard_only(
    page: Page,
    login_as: Callable[[Page, Any], None],
    assert_accessible: Callable[[Page], None],
    bob: Any,
    phase: Any,
) -> None:
    authors = [UserFactory(display_name=name) for name in ("Ann", "Ben", "Cleo")]
    titles = ["Putain de trottoirs", "Wat een klootzak", "Ce connard de bus"]
    ideas = [
        idea_services.idea_submit(phase=phase, author=a, title=t, body="Texte.")
        for a, t in zip(authors, titles, strict=True)
    ]
    assert ModerationCase.objects.filter(is_open=True).count() == 3

    login_as(page, bob)
    page.goto("/moderation/queue/")
    expect(page.get_by_role("heading", level=1, name="Moderation queue")).to_be_visible()
    assert_accessible(page)
    assert page.locator("[accesskey]").count() == 0

    # 1. j focuses the first (oldest) item, a approves it; the page comes back focused on the next.
    page.keyboard.press("j")
    expect(page.locator("#case-" + str(_case(ideas[0])))).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("a")
    expect(page.get_by_text("Approved.")).to_be_visible()
    expect(page.locator("[data-case]").first).to_be_focused()

    # 2. h goes to the reason; typing it and Enter hides (declines) the item.
    page.keyboard.press("h")
    expect(
        page.locator("[data-case]").first.get_by_label("Reason for the author", exact=True)
    ).to_be_focused()
    page.keyboard.type("Insulting words (rule: be respectful).")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Hidden; the author is told why.")).to_be_visible()
    assert_accessible(page)

    # 3. No shortcut at all: Tab to the Approve button, Enter.
    for _ in range(15):
        page.keyboard.press("Tab")
        if focused_text(page).strip().startswith("Approve"):
            break
    else:
        pytest.fail("Tab never reached an Approve button")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("The queue is empty. Thank you!")).to_be_visible()
    assert_accessible(page)

    states = [Idea.objects.get(pk=i.pk).moderation_state for i in ideas]
    assert states == ["published", "declined", "published"]
    assert not ModerationCase.objects.filter(is_open=True).exists()


def _case(idea: Idea) -> int:
    return ModerationCase.objects.get(idea=idea, is_open=True).pk


def test_the_queue_works_without_javascript(
    page_nojs: Page,
    login_as: Callable[[Page, Any], None],
    assert_accessible: Callable[[Page], None],
    bob: Any,
    phase: Any,
) -> None:
    idea = idea_services.idea_submit(
        phase=phase, author=UserFactory(), title="Putain", body="de bus"
    )
    login_as(page_nojs, bob)
    page_nojs.goto("/moderation/queue/")
    assert_accessible(page_nojs)
    page_nojs.get_by_label("Reason for the author", exact=True).fill("Language")
    page_nojs.get_by_role("button", name="Decline", exact=False).click()
    expect(page_nojs.get_by_text("The queue is empty. Thank you!")).to_be_visible()
    assert Idea.objects.get(pk=idea.pk).moderation_state == "declined"


def test_moderation_pages_are_accessible(
    page: Page,
    new_page: Callable[..., Page],
    login_as: Callable[[Page, Any], None],
    assert_accessible: Callable[[Page], None],
    dave: Any,
    alice: Any,
    eve: Any,
    phase: Any,
) -> None:
    from cocity.moderation import services

    idea = idea_services.idea_submit(phase=phase, author=alice, title="Benches", body="Shade.")
    services.report_submit(reporter=eve, idea=idea, reason="off_topic", text="Not about squares")
    case = ModerationCase.objects.get(idea=idea)
    services.case_decide(case=case, user=dave, action="hide", reason="Off-topic here.")

    login_as(page, dave)
    for url in [
        "/moderation/policy/",
        f"/moderation/cases/{case.pk}/",
        "/moderation/statistics/",
        "/moderation/audit/",
        "/moderation/words/",
        "/moderation/rules/",
        f"/moderation/rules/{ModerationRule.objects.get(slug='respect').pk}/",
    ]:
        page.goto(url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)

    mine = new_page(javascript=True)  # the author, in a browser of her own
    login_as(mine, alice)
    mine.goto(f"/ideas/{idea.pk}/")
    expect(mine.get_by_text("Off-topic here.")).to_be_visible()
    assert_accessible(mine)
    mine.get_by_role("link", name="Appeal this decision").click()
    assert_accessible(mine)
    mine.get_by_label("Why should it be shown again?").fill("It is about the square.")
    mine.get_by_role("button", name="Send the appeal").click()
    expect(mine.get_by_text("Your appeal is sent.")).to_be_visible()
    assert_accessible(mine)
