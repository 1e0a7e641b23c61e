"""A resident's journey in a real browser, with and without JavaScript.

Home → project → sign up → verification email → confirm → post an idea with an image and a
location → comment → react → follow; axe-core on every page on the way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from cocity.accounts.models import User
from cocity.ideas.models import Idea, IdeaFollow, Reaction
from cocity.testing.factories import IdeaFactory

pytestmark = pytest.mark.browser


def field(page: Page, label: str) -> Locator:
    """The input labelled `label`, whether or not the label adds "(required)"."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(required\))?$"))


CONFIRM_LINK = re.compile(r"https?://[^\s\"'<>]+/accounts/confirm-email/[^\s\"'<>]+")


def sign_up(page: Page, check: Callable[[Page], None], mailoutbox: list[Any], email: str) -> None:
    page.get_by_role("link", name="Sign up").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check(page)
    field(page, "Email").fill(email)
    field(page, "Display name").fill("Rosa")
    field(page, "Password").fill("a long city password 42")
    field(page, "Password (again)").fill("a long city password 42")
    page.locator("main form").get_by_role("button", name=re.compile("sign up", re.I)).click()
    page.wait_for_load_state("load")
    check(page)  # "check your inbox"

    sent = [m for m in mailoutbox if email in m.to]
    assert sent, "no verification email was sent"
    body = sent[-1].body + "".join(str(alt[0]) for alt in getattr(sent[-1], "alternatives", []))
    link = CONFIRM_LINK.search(body)
    assert link, f"no confirmation link in the email:\n{sent[-1].body}"
    page.goto(link.group(0))
    check(page)
    page.locator("main form").get_by_role("button").first.click()
    page.wait_for_load_state("load")
    # Confirming signs the resident in (ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION).
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_resident_signs_up_posts_an_idea_comments_reacts_and_follows(
    javascript: bool,
    new_page: Callable[..., Page],
    assert_accessible: Callable[[Page], None],
    mailoutbox: list[Any],
    phase: Any,
    eve: Any,
    png_file: Path,
    settings: Any,
) -> None:
    # The sign-up form refuses posts faster than a person types (a bot trap); Playwright is faster.
    settings.COCITY_SIGNUP_MIN_SECONDS = 0
    other = IdeaFactory(phase=phase, author=eve, title="Benches in the shade")
    page = new_page(javascript=javascript)
    email = f"rosa-{'js' if javascript else 'nojs'}@example.org"

    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Green squares").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Green squares")
    assert_accessible(page)
    project_url = page.url

    sign_up(page, assert_accessible, mailoutbox, email)

    page.goto(project_url)
    page.get_by_role("link", name="Post an idea").first.click()
    expect(page.get_by_role("heading", level=1, name="Post an idea")).to_be_visible()
    assert_accessible(page)
    field(page, "Title").fill("A fountain on the square")
    field(page, "Description").fill("Cool water for **hot** summer days.")
    field(page, "Address or place").fill("Place du Marché 1")
    field(page, "Latitude").fill("50.64")
    field(page, "Longitude").fill("5.57")
    if javascript:
        map_picker = page.locator("[data-map=picker]")
        expect(map_picker).to_be_visible()
        map_picker.click(position={"x": 60, "y": 60})
        # Clicking the map sets the coordinates (tiles are unreachable; the map still works).
        expect(field(page, "Latitude")).not_to_have_value("50.64")
        field(page, "Latitude").fill("50.64")
        field(page, "Longitude").fill("5.57")
    field(page, "Image 1").set_input_files(png_file)
    field(page, "Description of image 1").fill("A green square")
    page.get_by_role("button", name="Publish my idea").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("A fountain on the square")
    assert_accessible(page)
    expect(page.get_by_role("img", name="A green square")).to_be_visible()
    expect(page.get_by_text("Place du Marché 1")).to_be_visible()
    idea = Idea.objects.get(title="A fountain on the square")
    assert idea.author.email == email
    assert float(idea.latitude) == pytest.approx(50.64)
    assert float(idea.longitude) == pytest.approx(5.57)
    assert idea.images.count() == 1

    # Authors follow their own idea, to hear about the city's answer.
    expect(page.get_by_role("button", name="Following this idea")).to_be_visible()

    # Someone else's idea, found in the phase's list: comment, react, follow.
    page.goto(project_url)
    page.get_by_role("link", name="Benches in the shade").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Benches in the shade")
    assert_accessible(page)
    field(page, "Your comment").fill("I would add a bench next to the fountain too.")
    page.get_by_role("button", name="Post comment").click()
    expect(page.locator("#comments")).to_contain_text("next to the fountain too.")
    expect(page.get_by_role("heading", name="1 comment")).to_be_visible()
    assert_accessible(page)

    reactions = page.locator("#reactions")
    reactions.get_by_role("button", name=re.compile("Support")).click()
    expect(reactions.get_by_role("button", name=re.compile("Support"))).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(reactions).to_contain_text("(1)")

    page.get_by_role("button", name="Follow this idea").click()
    expect(page.get_by_role("button", name="Following this idea")).to_be_visible()
    assert_accessible(page)

    resident = User.objects.get(email=email)
    other.refresh_from_db()
    assert other.comment_count == 1
    assert other.up_count == 1
    assert Reaction.objects.filter(idea=other, user=resident, value=1).exists()
    assert IdeaFollow.objects.filter(idea=other, user=resident).exists()
