"""The idea page's comments: threads page by page (no JavaScript needed), and each comment's
edit/delete/report links decided once per page exactly as the permission function decides."""

from __future__ import annotations

import re
from typing import Any

import pytest

from cocity.ideas import selectors, services
from cocity.ideas.models import Comment
from cocity.participation.capabilities import Capability
from cocity.participation.permissions import check
from cocity.testing.factories import UserFactory


def thread_ids(html: str) -> list[int]:
    """Top-level comment ids in page order (replies sit in <ol class="replies">)."""
    top = html.split('<ol class="comment-list">', 1)[-1]
    top = re.sub(r'<ol class="replies".*?</ol>', "", top, flags=re.S)
    return [int(pk) for pk in re.findall(r'<li class="comment" id="comment-(\d+)">', top)]


@pytest.fixture
def threads(idea: Any, eve: Any, alice: Any, monkeypatch: pytest.MonkeyPatch) -> list[Comment]:
    """Five threads of two per page; the first has a reply."""
    monkeypatch.setattr(selectors, "COMMENT_THREADS_PER_PAGE", 2)
    rows = [services.comment_post(idea=idea, author=eve, body=f"Thread {n}") for n in range(5)]
    services.comment_post(idea=idea, author=alice, body="A reply", parent=rows[0])
    return rows


def test_it_shows_threads_page_by_page_with_links(client: Any, idea: Any, threads: Any) -> None:
    first = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert thread_ids(first) == [threads[0].pk, threads[1].pk]
    assert "A reply" in first
    assert 'href="?comments=2#comments" rel="next"' in first and 'rel="prev"' not in first
    last = client.get(f"/ideas/{idea.pk}/", {"comments": 3}).content.decode()
    assert thread_ids(last) == [threads[4].pk]
    assert 'href="?comments=2#comments" rel="prev"' in last and "More comments" not in last
    assert "6 comments" in last  # the heading counts all of them


def test_a_comment_page_past_the_end_shows_the_last(client: Any, idea: Any, threads: Any) -> None:
    html = client.get(f"/ideas/{idea.pk}/", {"comments": "99"}).content.decode()
    assert thread_ids(html) == [threads[4].pk]
    bad = client.get(f"/ideas/{idea.pk}/", {"comments": "nonsense"}).content.decode()
    assert thread_ids(bad) == [threads[0].pk, threads[1].pk]


def test_it_returns_to_the_page_of_a_new_comment(
    client: Any, idea: Any, threads: Any, alice: Any
) -> None:
    client.force_login(alice)
    response = client.post(f"/ideas/{idea.pk}/comments/", {"body": "Late thought"})
    new = Comment.objects.get(body="Late thought")
    assert response.status_code == 302
    assert response.url == f"/ideas/{idea.pk}/?comments=3#comment-{new.pk}"
    reply = client.post(f"/ideas/{idea.pk}/comments/", {"body": "Me too", "parent": threads[3].pk})
    assert reply.url.startswith(f"/ideas/{idea.pk}/?comments=2#comment-")


def test_htmx_gets_the_comments_of_the_page_asked(client: Any, idea: Any, threads: Any) -> None:
    response = client.get(
        f"/ideas/{idea.pk}/", {"comments": 2}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="comments"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="comments"') and "<html" not in html
    assert thread_ids(html) == [threads[2].pk, threads[3].pk]


def test_each_comments_links_match_the_permission_function(
    idea: Any, alice: Any, eve: Any, bob: Any, carol: Any, dave: Any, anon: Any
) -> None:
    mine = services.comment_post(idea=idea, author=eve, body="Mine")
    services.comment_post(idea=idea, author=alice, body="Reply", parent=mine)
    other = services.comment_post(idea=idea, author=alice, body="Other")
    removed = services.comment_post(idea=idea, author=eve, body="Gone")
    services.comment_delete(comment=removed, user=eve)
    suspended = UserFactory(is_active=False)
    services.comment_post(idea=idea, author=UserFactory(), body="Someone")
    Comment.objects.filter(pk=other.pk).update(author=suspended)
    for viewer in (anon, alice, eve, bob, carol, dave, suspended):
        page = selectors.idea_comment_page(idea=idea, user=viewer)
        rows = [r for t in page.threads for r in (t, *t.replies)]
        assert len(rows) == 5
        for row in rows:
            fresh = Comment.objects.select_related("idea").get(pk=row.comment.pk)
            fresh.idea = idea
            assert row.may_edit == bool(check(viewer, Capability.EDIT, fresh)), (viewer, row)
            assert row.may_delete == bool(check(viewer, Capability.DELETE, fresh)), (viewer, row)
            assert row.may_report == bool(check(viewer, Capability.REPORT, fresh)), (viewer, row)
