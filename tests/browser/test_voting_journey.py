"""Participatory budgeting in a real browser: a resident fills a basket and votes (with htmx and
without JavaScript), staff type in paper ballots by keyboard, compare rules and publish, and
the public results page explains every project. axe-core on every page on the way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from cocity.voting.models import Ballot, BallotSource, OutcomeRule, VotingSetup
from cocity.voting.tests.conftest import add_items, make_setup, phase_url, voting_url
from tests.browser.conftest import ON_A_PHONE, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def budget(project: Any) -> VotingSetup:
    """Budget 100 EUR, at least half to spend; items cost 60, 40, 30 and 20."""
    setup = make_setup(
        project, method="budgeting", budget=100, min_spend_percent=50, rule=OutcomeRule.MES
    )
    add_items(setup, [60, 40, 30, 20])
    return setup


def add(where: Page | Locator, title: str) -> Locator:
    """The "Add to my basket" button of an item (its name ends with the item's title)."""
    return where.get_by_role("button", name=re.compile(rf"^Add to my basket\s*: {title}$"))


def remaining(page: Page) -> str:
    text = page.locator(".basket-figures").inner_text()
    return re.search(r"Remaining: ([\d\s\u202f\u00a0,.]+EUR)", text).group(1).replace("\u202f", " ")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_a_resident_fills_a_basket_within_the_budget_and_votes(
    new_page: Callable[..., Page],
    login_as: Callable[[Page, Any], None],
    assert_accessible: Callable[[Page], None],
    budget: VotingSetup,
    alice: Any,
    javascript: bool,
) -> None:
    page = new_page(javascript=javascript)
    login_as(page, alice)
    page.goto(phase_url(budget))
    expect(page.get_by_role("heading", name="How this vote works")).to_be_visible()
    # the rule is named and explained before anyone votes
    expect(page.get_by_text("The budget is split into equal shares")).to_be_visible()
    assert_accessible(page)
    if javascript:  # htmx swaps the ballot in place: the page itself is never reloaded
        page.evaluate("window.stillTheSamePage = true")

    add(page, "Project 1").click()
    expect(page.get_by_role("heading", name="Your basket")).to_be_visible()
    expect(page.locator(".basket-figures")).to_contain_text("Remaining: 40")
    add(page, "Project 2").click()
    expect(page.locator(".basket-figures")).to_contain_text("Remaining: 0")
    assert remaining(page).strip() == "0\u00a0EUR"

    # Project 3 no longer fits: the page says so, and the server refuses it even if pressed
    item3 = page.locator("li.ballot-item", has_text="Project 3")
    expect(item3.get_by_text("Does not fit in your remaining budget.")).to_be_visible()
    # aria-disabled, not disabled: a keyboard user can still reach and press it
    add(item3, "Project 3").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("budget")
    expect(page.locator(".basket-figures")).to_contain_text("Remaining: 0")  # basket kept
    assert_accessible(page)

    page.get_by_role("button", name="Cast my vote").click()
    expect(page.get_by_role("status")).to_contain_text("Your vote is cast.")
    ballot = Ballot.objects.get(setup=budget, voter=alice)
    assert sorted(c.item.number for c in ballot.choices.all()) == [1, 2]
    assert sum(c.item.cost for c in ballot.choices.all()) <= budget.budget
    if javascript:
        assert page.evaluate("window.stillTheSamePage === true")
    assert_accessible(page)


def test_staff_type_in_paper_ballots_compare_rules_and_publish_explained_results(
    new_page: Callable[..., Page],
    login_as: Callable[[Page, Any], None],
    assert_accessible: Callable[[Page], None],
    budget: VotingSetup,
    carol: Any,
) -> None:
    page = new_page()
    login_as(page, carol)
    page.goto(voting_url("paper", budget))
    expect(page.get_by_role("heading", name="Paper ballots", level=1)).to_be_visible()
    assert_accessible(page)
    # keyboard only: the numbers field has the focus, Tab to the place, Enter to count
    page.keyboard.type("1 3")
    page.keyboard.press("Tab")
    page.keyboard.type("Saint-Léonard market")
    page.keyboard.press("Enter")
    expect(page.get_by_text(re.compile(r"Paper ballot \d+ is counted"))).to_be_visible()
    # the form comes back focused and keeps the place: the next ballot is numbers + Enter
    numbers_field = page.get_by_label(re.compile(r"^Item numbers ticked"))
    for numbers in ("3 4", "1", "2 3", "not-a-number"):
        expect(numbers_field).to_be_focused()
        expect(numbers_field).to_have_value("")
        page.keyboard.type(numbers)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    expect(page.locator("main")).to_contain_text("3 4")
    # the typo is refused with a message, and what was typed is still in the field
    expect(numbers_field).to_have_value("not-a-number")
    expect(numbers_field).to_have_attribute("aria-invalid", "true")
    paper = Ballot.objects.filter(setup=budget, source=BallotSource.PAPER)
    assert paper.count() == 4
    assert set(paper.values_list("collected_at", flat=True)) == {"Saint-Léonard market"}

    phase = budget.phase
    phase.starts_at = timezone.now() - timedelta(days=10)
    phase.ends_at = timezone.now() - timedelta(minutes=1)
    phase.save()
    page.goto(voting_url("compare", budget))
    expect(page.get_by_text("(fixed rule)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Publish the results").click()
    expect(page.get_by_text("The results are public.")).to_be_visible()

    visitor = new_page()
    visitor.goto(voting_url("results", budget))
    table = visitor.get_by_role("table", name=re.compile("why it was or was not funded"))
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(4)
    # every row says why, in words and numbers
    for k in range(4):
        expect(rows.nth(k).locator("td").last).to_contain_text(
            re.compile(r"funded at step|spent their shares|nobody voted|did not fit")
        )
    assert_accessible(visitor)

    # on a phone each item's row stacks under its column names: every "why" is read without
    # scrolling sideways, and the rows are still rows of the table
    phone = new_page(**ON_A_PHONE)
    phone.goto(voting_url("results", budget))
    table = phone.get_by_role("table", name=re.compile("why it was or was not funded"))
    expect(table.get_by_role("row")).to_have_count(5)  # the header row and the 4 items
    width = PHONE["width"]
    for why in table.locator("tbody td:last-child").all():
        box = why.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box
        expect(why).to_have_attribute("data-label", "Why")  # shown before it on a phone
    assert_accessible(phone)
