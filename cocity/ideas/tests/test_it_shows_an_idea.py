"""The idea page: content, answer, reactions, follow, comments, and what closes them."""

from __future__ import annotations

from typing import Any

from cocity.ideas import services
from cocity.ideas.models import IdeaStatus
from cocity.testing.factories import IdeaFactory, ProjectFactory


def test_it_shows_the_idea_with_location_topics_and_status(
    client: Any, phase: Any, alice: Any, topic: Any
) -> None:
    idea = services.idea_submit(
        phase=phase,
        author=alice,
        title="Fountain",
        body="*Cool* water",
        topics=[topic],
        address="Place du Marché",
        latitude=50.645,
        longitude=5.573,
    )
    html = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert '<h1 id="idea-title">Fountain</h1>' in html
    assert "<em>Cool</em>" in html
    assert "Place du Marché" in html and "Latitude 50.64500, longitude 5.57300" in html
    assert "Trees</li>" in html and "Submitted" in html and "by Alice" in html


def test_it_shows_the_citys_answer(client: Any, idea: Any, carol: Any) -> None:
    status = IdeaStatus.objects.get(slug="accepted")
    services.idea_answer(idea=idea, user=carol, status=status, answer="We **will** do it.")
    html = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert "The city's answer" in html and "<strong>will</strong>" in html


def test_it_shows_up_and_down_buttons_with_aria_pressed(client: Any, idea: Any, eve: Any) -> None:
    idea.phase.project.reaction_mode = "up_down"
    idea.phase.project.save()
    services.reaction_set(idea=idea, user=eve, value=-1)
    client.force_login(eve)
    html = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert 'value="1" aria-pressed="false"' in html
    assert 'value="0" aria-pressed="true"' in html  # pressing "Disagree" again takes it back
    assert "Disagree" in html


def test_it_is_read_only_with_the_reason_after_the_phase(
    client: Any, closed_phase: Any, alice: Any, eve: Any
) -> None:
    idea = IdeaFactory(phase=closed_phase, author=alice)
    client.force_login(eve)
    html = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert "Ideation closed on" in html
    assert 'name="body"' not in html and 'name="value"' not in html


def test_it_marks_withdrawn_ideas(client: Any, idea: Any, alice: Any) -> None:
    services.idea_withdraw(idea=idea, user=alice)
    html = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert "Withdrawn." in html and 'name="value"' not in html


def test_it_hides_ideas_of_draft_projects_and_hidden_ideas(
    client: Any, alice: Any, eve: Any
) -> None:
    from cocity.testing.factories import PhaseFactory

    draft_idea = IdeaFactory(phase=PhaseFactory(project=ProjectFactory(visibility="draft")))
    assert client.get(f"/ideas/{draft_idea.pk}/").status_code == 404
    hidden = IdeaFactory(author=alice, is_hidden=True)
    client.force_login(eve)
    assert client.get(f"/ideas/{hidden.pk}/").status_code == 404
    client.force_login(alice)  # its author still sees it
    assert client.get(f"/ideas/{hidden.pk}/").status_code == 200
    assert client.get("/ideas/999999/").status_code == 404


def test_it_threads_comments_and_shows_removed_ones(
    client: Any, idea: Any, alice: Any, eve: Any
) -> None:
    first = services.comment_post(idea=idea, author=eve, body="First")
    services.comment_post(idea=idea, author=alice, body="A reply", parent=first)
    gone = services.comment_post(idea=idea, author=eve, body="Oops")
    services.comment_delete(comment=gone, user=eve)
    client.force_login(eve)
    html = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert html.index("First") < html.index('class="replies"') < html.index("A reply")
    assert "Comment removed." in html and "Oops" not in html
    assert f"/comments/{first.pk}/edit/" in html  # eve may edit her own comment
    assert 'name="parent"' in html
