"""City staff in a real browser: an administrator creates and publishes a project with phases in
the back office; its project manager answers a resident's idea; the answer shows on the idea page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from cocity.ideas.models import Idea
from cocity.projects.models import Project
from cocity.testing.factories import IdeaFactory

pytestmark = pytest.mark.browser


def field(page: Page, label: str) -> Locator:
    """The input labelled `label`, whether or not the label adds "(required)"."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}( \(required\))?$"))


def in_group(page: Page, legend: str, label: str) -> Locator:
    """A language input of a translated text field: the fieldset `legend`, the input `label`."""
    group = page.locator("fieldset").filter(
        has=page.locator("legend", has_text=re.compile(rf"^{re.escape(legend)}"))
    )
    return field(group.first, label)  # type: ignore[arg-type]


def local_input(days: int) -> str:
    """A datetime-local value `days` from now, in the city's time zone."""
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def test_staff_create_and_publish_a_project_then_answer_an_idea(
    page: Page,
    login_as: Callable[[Page, Any], None],
    assert_accessible: Callable[[Page], None],
    dave: Any,
    carol: Any,
    alice: Any,
) -> None:
    login_as(page, dave)
    page.goto("/")
    page.get_by_role("link", name="City staff").click()
    expect(page.get_by_role("heading", level=1, name="City staff")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="New project").click()
    assert_accessible(page)
    in_group(page, "Title", "English").fill("Quieter streets")
    in_group(page, "Title", "French").fill("Des rues plus calmes")
    in_group(page, "Title", "Dutch").fill("Rustigere straten")
    in_group(page, "Summary", "English").fill("Less traffic around schools.")
    field(page, "Web address").fill("quieter-streets")
    page.get_by_role("checkbox", name=re.compile("^Carol")).check()
    page.get_by_role("button", name="Create the project").click()
    expect(page.get_by_role("status")).to_contain_text("Project created as a draft")
    assert_accessible(page)
    project = Project.objects.get(slug="quieter-streets")
    assert project.visibility == "draft"
    assert project.managers.filter(pk=carol.pk).exists()

    for title, starts, ends in [("Tell us", -1, 30), ("What we heard", 31, 60)]:
        page.get_by_role("link", name="Add a phase").click()
        assert_accessible(page)
        in_group(page, "Title", "English").fill(title)
        field(page, "Participation method").select_option("ideation")
        field(page, "Starts").fill(local_input(starts))
        field(page, "Ends").fill(local_input(ends))
        page.get_by_role("button", name="Save the phase").click()
        expect(page.get_by_role("status")).to_contain_text("Phase added to the timeline")
    assert_accessible(page)
    assert project.phases.count() == 2

    page.locator("nav").get_by_role("link", name="Details").first.click()
    page.get_by_label("Published").check()
    page.get_by_role("button", name=re.compile("Save")).first.click()
    expect(page.get_by_role("status")).to_contain_text("Project saved")
    project.refresh_from_db()
    assert project.visibility == "published"

    # A resident's idea arrives in the open phase.
    phase = project.phases.order_by("starts_at").first()
    idea = IdeaFactory(phase=phase, author=alice, title="A school street on Rue Haute")

    # The project manager answers it.
    page.context.clear_cookies()
    login_as(page, carol)
    page.goto("/staff/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Answer ideas")).first.click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Answer\s*:\s*A school street")).click()
    assert_accessible(page)
    field(page, "Status").select_option(label="Accepted")
    field(page, "Official answer").fill("We will close the street at school times from May.")
    page.get_by_role("button", name="Publish the answer").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert_accessible(page)

    idea.refresh_from_db()
    assert idea.status.slug == "accepted"
    page.goto(f"/ideas/{idea.pk}/")
    answer = page.get_by_role("region", name="The city's answer")
    expect(answer).to_contain_text("We will close the street at school times from May.")
    expect(answer).to_contain_text("Accepted")
    assert_accessible(page)

    # And the public sees the published project with its timeline.
    page.context.clear_cookies()
    page.goto("/")
    page.get_by_role("link", name="Quieter streets").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quieter streets")
    expect(page.locator("main")).to_contain_text("What we heard")
    assert_accessible(page)
    assert Idea.objects.get(pk=idea.pk).official_answer_html
