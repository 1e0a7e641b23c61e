"""Phase.listed_idea_count: moved with every change of what the public list shows, and the
list's total read from it (or a capped count when filtered) without counting 60,000 rows."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocity.ideas import selectors, services
from cocity.ideas.tests.conftest import phase_path
from cocity.moderation import services as moderation
from cocity.moderation.models import ModerationCase
from cocity.projects.models import Phase
from cocity.testing.factories import IdeaFactory, UserFactory


def listed(phase: Any) -> int:
    return Phase.objects.get(pk=phase.pk).listed_idea_count


def submit(phase: Any, author: Any, title: str = "Benches") -> Any:
    return services.idea_submit(phase=phase, author=author, title=title, body="Please.")


def test_it_counts_submitted_and_withdrawn_ideas(phase: Any, alice: Any, eve: Any) -> None:
    first = submit(phase, alice)
    submit(phase, eve)
    assert listed(phase) == 2
    services.idea_withdraw(idea=first, user=alice)
    assert listed(phase) == 1


def test_it_counts_only_published_ideas_of_a_pre_moderated_project(
    phase: Any, alice: Any, bob: Any, carol: Any
) -> None:
    moderation.project_set_premoderation(project=phase.project, user=carol, is_premoderated=True)
    submit(phase, alice)
    assert listed(phase) == 0  # pending
    moderation.case_decide(case=ModerationCase.objects.get(), user=bob, action="approve")
    assert listed(phase) == 1


def test_it_uncounts_ideas_hidden_by_moderation(phase: Any, alice: Any, eve: Any, bob: Any) -> None:
    idea = submit(phase, alice)
    moderation.report_submit(reporter=eve, idea=idea, reason="abuse")
    moderation.case_decide(case=ModerationCase.objects.get(), user=bob, action="hide", reason="x")
    assert listed(phase) == 0


def test_it_does_not_uncount_a_withdrawn_idea_twice(
    phase: Any, alice: Any, eve: Any, bob: Any
) -> None:
    idea = submit(phase, alice)
    submit(phase, eve, "Other")
    moderation.report_submit(reporter=eve, idea=idea, reason="abuse")
    services.idea_withdraw(idea=idea, user=alice)
    moderation.case_decide(case=ModerationCase.objects.get(), user=bob, action="hide", reason="x")
    assert listed(phase) == 1


def test_it_recounts_after_an_account_is_purged(phase: Any, alice: Any, bob: Any) -> None:
    spammer = UserFactory()
    submit(phase, spammer, "Pills")
    submit(phase, alice)
    moderation.user_purge(target=spammer, user=bob, reason="Spam account")
    assert listed(phase) == 1


def test_it_recounts_rows_written_outside_the_services(phase: Any) -> None:
    IdeaFactory.create_batch(3, phase=phase)
    IdeaFactory(phase=phase, is_hidden=True)
    IdeaFactory(phase=phase, is_withdrawn=True)
    assert listed(phase) == 0
    services.phase_listed_ideas_recount(phase_ids=[phase.pk])
    assert listed(phase) == 3


def total_line(html: str) -> str:
    match = re.search(r'<p class="meta" role="status">([^<]*)</p>', html)
    assert match, "no total on the page"
    return match.group(1).strip()


def test_the_list_takes_its_total_from_the_counter_without_counting(
    client: Any, phase: Any, settings: Any
) -> None:
    settings.COCITY_IDEAS_PER_PAGE = 2
    IdeaFactory.create_batch(5, phase=phase)
    Phase.objects.filter(pk=phase.pk).update(listed_idea_count=5)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(phase_path(phase)).content.decode()
    assert total_line(html) == "5 ideas" and "Page 1 of 3" in html
    assert not [q for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]


def test_the_list_counts_when_the_counter_is_stale(client: Any, phase: Any, settings: Any) -> None:
    settings.COCITY_IDEAS_PER_PAGE = 2
    IdeaFactory.create_batch(5, phase=phase)  # rows written outside the services: counter 0
    html = client.get(phase_path(phase)).content.decode()
    assert total_line(html) == "5 ideas" and "Page 1 of 3" in html
    last = client.get(phase_path(phase), {"page": 3}).content.decode()
    assert total_line(last) == "5 ideas" and "Page 3 of 3" in last and 'rel="next"' not in last


def test_a_filtered_list_caps_its_count(
    client: Any, phase: Any, alice: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.COCITY_IDEAS_PER_PAGE = 2
    monkeypatch.setattr(selectors, "FILTERED_COUNT_CAP", 3)
    for n in range(5):
        IdeaFactory(phase=phase, author=alice, title=f"Bench {n}")
    IdeaFactory(phase=phase, author=alice, title="Fountain")
    many = client.get(phase_path(phase), {"q": "bench"}).content.decode()
    assert total_line(many) == "More than 3 ideas match your filters"
    assert '<span aria-current="page">Page 1</span>' in many and 'rel="next"' in many
    last = client.get(phase_path(phase), {"q": "bench", "page": 3}).content.decode()
    assert "Bench 0" in last and 'rel="next"' not in last and 'rel="prev"' in last
    few = client.get(phase_path(phase), {"q": "fountain"}).content.decode()
    assert total_line(few) == "1 idea match your filters"


def test_a_page_past_the_end_shows_the_last_page(client: Any, phase: Any, settings: Any) -> None:
    settings.COCITY_IDEAS_PER_PAGE = 2
    for n in range(3):
        IdeaFactory(phase=phase, title=f"Idea {n}")
    services.phase_listed_ideas_recount(phase_ids=[phase.pk])
    html = client.get(phase_path(phase), {"page": 99, "sort": "newest"}).content.decode()
    assert "Page 2 of 2" in html and "Idea 0" in html and 'rel="next"' not in html
