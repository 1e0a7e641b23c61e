"""Staff pages: setup, items, ideas taken forward, paper ballots with their trace."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cocity.ideas import services as idea_services
from cocity.testing.factories import PhaseFactory
from cocity.voting import services
from cocity.voting.models import Ballot, BallotChange
from cocity.voting.tests.conftest import add_items, make_setup
from cocity.voting.tests.conftest import voting_url as url

pytestmark = pytest.mark.django_db


STAFF_PAGES = ["setup", "items", "paper", "files", "compare", "export-pb", "export-csv"]


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_pages_refuse_residents_and_send_visitors_to_sign_in(
    client: Client, budget_setup: Any, alice: Any, name: str
) -> None:
    response = client.get(url(name, budget_setup))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(alice)
    assert client.get(url(name, budget_setup)).status_code == 403


@pytest.mark.parametrize("name", STAFF_PAGES)
def test_staff_pages_open_for_the_project_manager(
    client: Client, budget_setup: Any, carol: Any, name: str
) -> None:
    client.force_login(carol)
    assert client.get(url(name, budget_setup)).status_code == 200


def test_a_phase_of_another_method_has_no_vote_pages(
    client: Client, phase: Any, carol: Any
) -> None:
    client.force_login(carol)
    response = client.get(
        reverse("voting:setup", kwargs={"slug": phase.project.slug, "phase_pk": phase.pk})
    )
    assert response.status_code == 404


def test_staff_set_up_the_vote_before_it_opens(client: Client, project: Any, carol: Any) -> None:
    setup = make_setup(project, method="budgeting", timing="before", budget=10)
    client.force_login(carol)
    response = client.post(
        url("setup", setup),
        {
            "kind": "budget",
            "rule": "mes",
            "budget": "250000",
            "currency": "EUR",
            "min_spend_percent": "30",
            "votes_per_voter": "5",
            "max_votes_per_item": "3",
            "min_choices": "1",
            "max_choices": "3",
            "hide_tallies": "on",
        },
    )
    assert response.status_code == 302
    setup.refresh_from_db()
    assert (setup.rule, setup.budget, setup.min_spend_percent, setup.randomise_order) == (
        "mes",
        250000,
        30,
        False,
    )


def test_staff_cannot_change_the_rule_once_voting_started(
    client: Client, budget_setup: Any, carol: Any
) -> None:
    client.force_login(carol)
    html = client.get(url("setup", budget_setup)).content.decode()
    assert "are fixed" in html and "disabled" in html
    response = client.post(
        url("setup", budget_setup), {"kind": "budget", "rule": "mes", "budget": "100"}, follow=True
    )
    assert "are fixed" in response.content.decode()
    budget_setup.refresh_from_db()
    assert budget_setup.rule == "greedy"


def test_a_bad_setup_is_refused_with_a_message_and_changes_nothing(
    client: Client, project: Any, carol: Any
) -> None:
    setup = make_setup(project, method="budgeting", timing="before", budget=10)
    client.force_login(carol)
    response = client.post(
        url("setup", setup),
        {
            "kind": "budget",
            "rule": "ranking",
            "budget": "100",
            "currency": "EUR",
            "min_spend_percent": "0",
            "votes_per_voter": "5",
            "max_votes_per_item": "3",
            "min_choices": "1",
            "max_choices": "3",
        },
    )
    assert response.status_code == 400
    assert "needs a rule that respects the budget" in response.content.decode()
    setup.refresh_from_db()
    assert (setup.rule, setup.budget) == ("greedy", 10)


def test_staff_add_items_and_take_ideas_forward(
    client: Client, project: Any, carol: Any, alice: Any
) -> None:
    ideation = PhaseFactory(project=project)
    idea = idea_services.idea_submit(
        phase=ideation, author=alice, title="A fountain", body="In the park.", address="Parc"
    )
    setup = make_setup(project, method="budgeting", timing="before", budget=1000)
    client.force_login(carol)
    page = client.get(url("items", setup)).content.decode()
    assert "A fountain" in page
    response = client.post(url("items-from-ideas", setup), {"ideas": [idea.pk], "cost": "300"})
    assert response.status_code == 302
    item = setup.items.get()
    assert (item.title, item.cost, item.source_idea, item.address) == (
        {"en": "A fountain"},
        300,
        idea,
        "Parc",
    )
    response = client.post(
        url("items", setup),
        {"title_en": "Benches", "title_fr": "Bancs", "cost": "120", "description_en": "Ten."},
    )
    assert response.status_code == 302
    assert list(setup.items.values_list("number", "cost")) == [(1, 300), (2, 120)]
    # An idea already on the ballot is not offered again.
    assert "A fountain (" not in client.get(url("items", setup)).content.decode()


def test_paper_ballots_count_like_online_ones(
    client: Client, budget_setup: Any, carol: Any, alice: Any
) -> None:
    a, b, _c, _d = list(budget_setup.items.order_by("number"))
    services.ballot_submit(setup=budget_setup, user=alice, choices={a: 1, b: 1})
    client.force_login(carol)
    response = client.post(
        url("paper", budget_setup), {"numbers": "1 2", "collected_at": "Market booth"}
    )
    assert response.status_code == 302 and "collected_at=Market+booth" in response["Location"]
    paper = Ballot.objects.get(source="paper")
    assert (paper.entered_by, paper.collected_at, paper.voter) == (carol, "Market booth", None)
    assert [i.vote_count for i in budget_setup.items.order_by("number")] == [2, 2, 0, 0]
    # The form comes back ready for the next ballot, keeping the place.
    assert 'value="Market booth"' in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("numbers", "message"),
    [
        ("1 9", "There is no item number 9"),
        ("1 2 3", "over the budget"),
        ("one", "is not an item number"),
        ("1 1", "typed twice"),
        ("4", "at least 50%"),
    ],
)
def test_a_bad_paper_ballot_is_refused_and_nothing_counts(
    client: Client, budget_setup: Any, carol: Any, numbers: str, message: str
) -> None:
    client.force_login(carol)
    response = client.post(url("paper", budget_setup), {"numbers": numbers, "collected_at": "Hall"})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Ballot.objects.exists()


def test_staff_correct_a_paper_ballot_with_a_trace(
    client: Client, budget_setup: Any, carol: Any
) -> None:
    client.force_login(carol)
    client.post(url("paper", budget_setup), {"numbers": "1 4", "collected_at": "Hall"})
    ballot = Ballot.objects.get()
    response = client.post(
        url("paper-edit", budget_setup, pk=ballot.pk), {"action": "correct", "numbers": "2 4"}
    )
    assert response.status_code == 400 and "Reason for the correction" in response.content.decode()
    response = client.post(
        url("paper-edit", budget_setup, pk=ballot.pk),
        {"action": "correct", "numbers": "2 4", "note": "Misread a 2 as a 1"},
        follow=True,
    )
    html = response.content.decode()
    assert "The ballot is corrected." in html and "Misread a 2 as a 1" in html
    assert [i.vote_count for i in budget_setup.items.order_by("number")] == [0, 1, 0, 1]
    trail = list(BallotChange.objects.values_list("action", "choices", "changed_by", "note"))
    assert trail == [
        ("enter", {"1": 1, "4": 1}, carol.pk, ""),
        ("correct", {"2": 1, "4": 1}, carol.pk, "Misread a 2 as a 1"),
    ]
    client.post(
        url("paper-edit", budget_setup, pk=ballot.pk), {"action": "void", "note": "Entered twice"}
    )
    ballot.refresh_from_db()
    assert ballot.is_void
    assert [i.vote_count for i in budget_setup.items.order_by("number")] == [0, 0, 0, 0]


def test_paper_ballots_wait_for_voting_to_open(client: Client, project: Any, carol: Any) -> None:
    setup = make_setup(project, timing="before")
    add_items(setup, [0])
    client.force_login(carol)
    response = client.post(url("paper", setup), {"numbers": "1", "collected_at": "Hall"})
    assert "once voting has opened" in response.content.decode()
    assert not Ballot.objects.exists()
