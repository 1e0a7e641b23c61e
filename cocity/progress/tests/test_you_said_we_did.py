"""The "you said, we did" page and the progress staff record."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from cocity.ideas.models import IdeaFollow, IdeaStatus
from cocity.notifications.kinds import Kind
from cocity.notifications.models import Notification
from cocity.progress import services
from cocity.testing.factories import IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db


def decided(phase: Any, n: int = 1, slug: str = "accepted") -> list[Any]:
    status = IdeaStatus.objects.get(slug=slug)
    return [
        IdeaFactory(
            phase=phase,
            status=status,
            official_answer="Yes",
            official_answer_html="<p>Because residents asked.</p>",
        )
        for _ in range(n)
    ]


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), "green").save(out, format="PNG")
    return SimpleUploadedFile("site.png", out.getvalue(), content_type="image/png")


def test_it_shows_decisions_with_answer_and_progress_but_not_open_ideas(
    client: Any, phase: Any, carol: Any
) -> None:
    idea = decided(phase)[0]
    undecided = IdeaFactory(phase=phase, title="Still under review")
    services.implementation_update(idea=idea, user=carol, percent_done=40)
    services.milestone_add(idea=idea, user=carol, title={"en": "Benches ordered"},
                           due_on=date(2025, 3, 1), done_on=date(2025, 2, 20))  # fmt: skip
    services.photo_add(idea=idea, user=carol, image=png(), alt_text="New benches",
                       taken_on=date(2025, 3, 2))  # fmt: skip
    for url in (reverse("progress:city"), reverse("progress:project", args=[phase.project.slug])):
        page = client.get(url).content.decode()
        assert idea.title in page and "Because residents asked." in page
        assert "40% done" in page and "Benches ordered" in page and 'alt="New benches"' in page
        assert reverse("ideas:detail", args=[idea.pk]) in page  # traceable to the idea
        assert undecided.title not in page


def test_the_page_takes_the_same_number_of_queries_for_3_or_15_decisions(
    client: Any, phase: Any, carol: Any
) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("progress:city")).status_code == 200
        return len(ctx.captured_queries)

    for idea in decided(phase, 3):
        services.milestone_add(idea=idea, user=carol, title={"en": "M"}, due_on=date(2025, 1, 1))
    small = count()
    for idea in decided(phase, 12, slug="implemented"):
        services.milestone_add(idea=idea, user=carol, title={"en": "M"}, due_on=date(2025, 1, 1))
    assert count() == small


def test_a_milestone_tells_the_ideas_followers(
    phase: Any, carol: Any, django_capture_on_commit_callbacks: Any
) -> None:
    idea = decided(phase)[0]
    follower = UserFactory()
    IdeaFollow.objects.create(idea=idea, user=follower)
    with django_capture_on_commit_callbacks(execute=True):
        services.milestone_add(idea=idea, user=carol, title={"en": "Works start"},
                               due_on=date(2025, 5, 1))  # fmt: skip
    note = Notification.objects.get(recipient=follower)
    assert note.kind == Kind.FOLLOWED_IDEA and "Works start" in note.text


def test_progress_waits_for_a_decision_and_bad_input_changes_nothing(
    phase: Any, carol: Any, alice: Any
) -> None:
    from django.core.exceptions import PermissionDenied

    undecided = IdeaFactory(phase=phase)
    with pytest.raises(ValidationError):
        services.milestone_add(idea=undecided, user=carol, title={"en": "x"}, due_on=date.today())
    idea = decided(phase)[0]
    with pytest.raises(ValidationError):
        services.implementation_update(idea=idea, user=carol, percent_done=140)
    with pytest.raises(PermissionDenied):
        services.implementation_update(idea=idea, user=alice, percent_done=10)
    assert not hasattr(idea, "implementation") or idea.implementation.percent_done == 0


def test_staff_record_progress_without_javascript(client: Any, phase: Any, carol: Any) -> None:
    idea = decided(phase)[0]
    client.force_login(carol)
    url = reverse("progress:manage", args=[idea.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "milestone", "milestone-title_en": "Plans drawn",
                                 "milestone-due_on": "2025-04-01"})  # fmt: skip
    assert response.status_code == 302
    response = client.post(url, {"action": "progress", "progress-percent_done": "150"})
    assert response.status_code == 200 and 'aria-invalid="true"' in response.content.decode()
    idea.refresh_from_db()
    assert idea.implementation.percent_done == 0
    assert idea.implementation.milestones.get().due_on == date(2025, 4, 1)
