"""The public voting page and its actions, for residents, visitors and refused voters."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from cocity.accounts.models import Demographics
from cocity.testing.factories import AreaFactory
from cocity.voting.models import Ballot, BasketDraft, VotingSetup
from cocity.voting.tests.conftest import add_items, make_setup
from cocity.voting.tests.conftest import phase_url as page
from cocity.voting.tests.conftest import voting_url as action

pytestmark = pytest.mark.django_db


def items(setup: VotingSetup) -> list[Any]:
    return list(setup.items.order_by("number"))


def test_it_shows_the_rules_and_items_to_a_resident(
    client: Client, budget_setup: Any, alice: Any
) -> None:
    client.force_login(alice)
    response = client.get(page(budget_setup))
    html = response.content.decode()
    assert response.status_code == 200
    assert "How this vote works" in html
    assert "Greedy: most votes first" in html  # the rule is shown to voters, and explained
    assert "Projects are funded in order of votes, most first" in html
    assert "Project 4" in html and "Add to my basket" in html
    assert "Remaining: <strong>100\u00a0EUR</strong>" in html


def test_every_rule_is_explained_to_voters_in_their_language(
    client: Client, budget_setup: Any, alice: Any
) -> None:
    from django.utils import translation

    from cocity.voting.models import RULE_DESCRIPTIONS, OutcomeRule

    assert set(RULE_DESCRIPTIONS) == set(OutcomeRule)
    budget_setup.rule = OutcomeRule.MES_ADD1
    budget_setup.save()
    client.force_login(alice)
    html = client.get(page(budget_setup), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    with translation.override("fr"):
        expected = str(RULE_DESCRIPTIONS[OutcomeRule.MES_ADD1])
    assert expected.startswith("Le budget est divisé en parts égales")
    assert expected in html


def test_it_fills_the_basket_without_javascript(
    client: Client, budget_setup: Any, alice: Any
) -> None:
    client.force_login(alice)
    first = items(budget_setup)[0]
    response = client.post(
        action("basket", budget_setup), {"item": first.pk, "votes": 1}, follow=True
    )
    html = response.content.decode()
    assert "is in your basket" in html
    assert "Remaining: <strong>40\u00a0EUR</strong>" in html
    assert "Take out of my basket" in html


def test_htmx_gets_the_ballot_fragment_with_the_server_computed_remainder(
    client: Client, budget_setup: Any, alice: Any
) -> None:
    client.force_login(alice)
    second = items(budget_setup)[1]
    response = client.post(
        action("basket", budget_setup), {"item": second.pk, "votes": 1}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="ballot"')
    assert "<html" not in html
    assert "Remaining: <strong>60\u00a0EUR</strong>" in html


def test_an_item_over_the_budget_is_refused_with_a_message_and_the_basket_stays(
    client: Client, budget_setup: Any, alice: Any
) -> None:
    client.force_login(alice)
    a, b, c, _d = items(budget_setup)
    for item in (a, b):
        client.post(action("basket", budget_setup), {"item": item.pk, "votes": 1})
    response = client.post(
        action("basket", budget_setup), {"item": c.pk, "votes": 1}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 400
    assert "over the budget" in response.content.decode()
    assert BasketDraft.objects.get(voter=alice).choices == {str(a.pk): 1, str(b.pk): 1}


def test_a_refused_submission_keeps_the_basket_and_says_why(
    client: Client, budget_setup: Any, alice: Any
) -> None:
    client.force_login(alice)
    smallest = items(budget_setup)[3]  # 20 of 100, below the 50% minimum
    client.post(action("basket", budget_setup), {"item": smallest.pk, "votes": 1})
    response = client.post(action("submit", budget_setup), follow=True)
    html = response.content.decode()
    assert "Your vote is not cast yet" in html and "at least 50%" in html
    assert "Take out of my basket" in html  # still in the basket
    assert not Ballot.objects.exists()


def test_a_resident_casts_and_changes_a_vote(client: Client, budget_setup: Any, alice: Any) -> None:
    client.force_login(alice)
    a, _b, c, _d = items(budget_setup)
    client.post(action("basket", budget_setup), {"item": a.pk, "votes": 1})
    response = client.post(action("submit", budget_setup), follow=True)
    assert "Your vote is cast" in response.content.decode()
    client.post(action("basket", budget_setup), {"item": c.pk, "votes": 1})
    html = client.get(page(budget_setup)).content.decode()
    assert "You have changes that are not cast yet" in html
    client.post(action("submit", budget_setup))
    ballot = Ballot.objects.get(voter=alice)
    assert sorted(ballot.choices.values_list("item__number", flat=True)) == [1, 3]
    assert ballot.changes.count() == 2


def test_anonymous_visitors_see_the_ballot_and_are_sent_to_sign_in(
    client: Client, budget_setup: Any
) -> None:
    html = client.get(page(budget_setup)).content.decode()
    assert "Please sign in to take part." in html
    assert "Add to my basket" not in html
    first = items(budget_setup)[0]
    response = client.post(action("basket", budget_setup), {"item": first.pk, "votes": 1})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not BasketDraft.objects.exists()


def test_residents_of_other_districts_are_told_who_may_vote(
    client: Client, project: Any, alice: Any
) -> None:
    north, south = AreaFactory(slug="north"), AreaFactory(slug="south")
    setup = make_setup(project, eligible_areas=[north])
    (item,) = add_items(setup, [0])
    Demographics.objects.create(user=alice, area=south, consented_at="2024-01-01T00:00Z")
    client.force_login(alice)
    html = client.get(page(setup)).content.decode()
    assert "Only residents of North may vote." in html
    response = client.post(action("basket", setup), {"item": item.pk, "votes": 1}, follow=True)
    assert "Only residents of North may vote." in response.content.decode()
    assert not BasketDraft.objects.exists()


def test_a_vote_on_a_closed_phase_is_refused_with_a_clear_message(
    client: Client, project: Any, alice: Any
) -> None:
    setup = make_setup(project, timing="after")
    (item,) = add_items(setup, [0])
    client.force_login(alice)
    response = client.post(action("basket", setup), {"item": item.pk, "votes": 1}, follow=True)
    assert "Voting closed on" in response.content.decode()
    response = client.post(action("submit", setup), follow=True)
    assert "Voting closed on" in response.content.decode()
    assert not Ballot.objects.exists()


def test_cumulative_votes_go_up_and_down(client: Client, cumulative_setup: Any, alice: Any) -> None:
    client.force_login(alice)
    first = items(cumulative_setup)[0]
    for votes in (1, 2, 3):
        client.post(action("basket", cumulative_setup), {"item": first.pk, "votes": votes})
    response = client.post(
        action("basket", cumulative_setup), {"item": first.pk, "votes": 4}, follow=True
    )
    html = response.content.decode()
    assert "at most 3 votes to one item" in html
    assert "Votes left: <strong>2</strong>" in html


def test_the_item_order_is_random_per_voter_and_stable(
    client: Client, project: Any, alice: Any, eve: Any
) -> None:
    setup = make_setup(project, randomise_order=True)
    add_items(setup, [0] * 12)

    def order(user: Any) -> list[int]:
        client.force_login(user)
        html = client.get(page(setup)).content.decode()
        return [int(n) for n in re.findall(r'id="item-(\d+)"', html)]

    alice_order = order(alice)
    assert alice_order == order(alice)
    assert alice_order != order(eve)
    assert sorted(alice_order) == sorted(order(eve))


def test_tallies_stay_hidden_until_voting_closes(client: Client, project: Any, alice: Any) -> None:
    hidden = make_setup(project, hide_tallies=True)
    shown = make_setup(project, hide_tallies=False)
    for setup in (hidden, shown):
        add_items(setup, [0])
        setup.items.update(vote_count=7)
    assert "7 votes" not in client.get(page(hidden)).content.decode()
    assert "7 votes" in client.get(page(shown)).content.decode()


def test_bad_input_is_refused_cleanly(client: Client, budget_setup: Any, alice: Any) -> None:
    client.force_login(alice)
    first = items(budget_setup)[0]
    response = client.post(
        action("basket", budget_setup), {"item": first.pk, "votes": "lots"}, follow=True
    )
    assert "whole numbers" in response.content.decode()
    assert client.post(action("basket", budget_setup), {"item": "x", "votes": 1}).status_code == 404
    assert not BasketDraft.objects.filter(choices__has_key=str(first.pk)).exists()


def test_the_printable_ballot_has_an_inline_qr_code_and_no_external_request(
    client: Client, budget_setup: Any
) -> None:
    html = client.get(action("sheet", budget_setup) + "?copies=2").content.decode()
    assert html.count("<svg") == 2
    assert "@media print" not in html  # in the print stylesheet, served by us
    assert "voting/sheet.css" in html
    assert "https://" not in html.replace("http://testserver", "")
    assert "Project 1" in html and "100\u00a0EUR" in html
