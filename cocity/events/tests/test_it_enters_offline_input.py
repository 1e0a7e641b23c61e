"""Staff enter ideas and comments collected offline, anonymously or with the resident's consent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from cocity.events import services
from cocity.events.models import Event, OfflineInput
from cocity.ideas import services as idea_services
from cocity.ideas.models import Comment, Idea, IdeaFollow
from cocity.testing.factories import PhaseFactory

pytestmark = pytest.mark.django_db


def test_staff_enter_an_anonymous_idea_collected_at_an_event(
    phase: Any, carol: Any, event: Event
) -> None:
    idea = services.offline_idea_enter(
        phase=phase, user=carol, title="A bench", body="Near the fountain.", event=event
    )

    assert (idea.source, idea.source_event, idea.source_place) == (
        "offline",
        event,
        "Tree workshop",
    )
    assert idea.author is None and not idea.is_official
    record = OfflineInput.objects.get(idea=idea)
    assert record.entered_by == carol and record.resident is None
    assert not IdeaFollow.objects.filter(idea=idea).exists()


def test_staff_link_an_idea_to_a_consenting_resident(phase: Any, carol: Any, alice: Any) -> None:
    idea = services.offline_idea_enter(
        phase=phase, user=carol, title="Shade", body="Trees.", place="Market stand",
        resident=alice, has_consent=True,
    )  # fmt: skip

    assert idea.author == alice and idea.source_place == "Market stand"
    record = OfflineInput.objects.get(idea=idea)
    assert record.resident == alice and record.consent_recorded_at is not None
    assert IdeaFollow.objects.filter(idea=idea, user=alice).exists()


def test_it_refuses_to_link_a_resident_without_consent(phase: Any, carol: Any, alice: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.offline_idea_enter(
            phase=phase, user=carol, title="Shade", body="Trees.", place="Market",
            resident=alice, has_consent=False,
        )  # fmt: skip

    assert "consent" in error.value.message_dict["has_consent"][0]
    assert not Idea.objects.exists() and not OfflineInput.objects.exists()


def test_it_needs_to_know_where_the_idea_was_collected(phase: Any, carol: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.offline_idea_enter(phase=phase, user=carol, title="Shade", body="Trees.")

    assert "where this was collected" in error.value.message_dict["place"][0]
    assert not Idea.objects.exists()


@pytest.mark.parametrize("persona", ["alice", "bob"])
def test_residents_and_moderators_cannot_enter_offline_ideas(
    request: Any, phase: Any, persona: str
) -> None:
    with pytest.raises(PermissionDenied):
        services.offline_idea_enter(
            phase=phase, user=request.getfixturevalue(persona), title="X", body="Y", place="Z"
        )
    assert not Idea.objects.exists()


def test_it_refuses_offline_ideas_after_the_phase_ends(project: Any, carol: Any) -> None:
    closed = PhaseFactory(
        project=project,
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=1),
    )

    with pytest.raises(PermissionDenied, match="closed"):
        services.offline_idea_enter(phase=closed, user=carol, title="X", body="Y", place="Z")


def test_the_idea_service_refuses_an_offline_source_from_a_resident(phase: Any, alice: Any) -> None:
    with pytest.raises(ValidationError):
        idea_services.idea_submit(phase=phase, author=alice, title="X", body="Y", source="offline")


def test_staff_enter_a_comment_collected_offline(phase: Any, carol: Any, alice: Any) -> None:
    idea = idea_services.idea_submit(phase=phase, author=alice, title="Oaks", body="Plant oaks.")

    comment = services.offline_comment_enter(
        idea=idea, user=carol, body="Yes, and lime trees.", place="Library workshop"
    )

    assert comment.author is None
    idea.refresh_from_db()
    assert idea.comment_count == 1
    record = OfflineInput.objects.get(comment=comment)
    assert record.place == "Library workshop"


def test_offline_ideas_appear_in_the_list_and_page_with_their_label(
    client: Any, phase: Any, carol: Any, event: Event
) -> None:
    idea = services.offline_idea_enter(
        phase=phase, user=carol, title="A bench", body="Near the fountain.", event=event
    )

    listing = client.get(reverse("projects:phase", args=[phase.project.slug, phase.pk]))
    page = client.get(reverse("ideas:detail", args=[idea.pk]))

    assert "A bench" in listing.content.decode()
    assert "Collected at Tree workshop" in listing.content.decode()
    assert "by a resident" in listing.content.decode()
    detail = page.content.decode()
    assert reverse("events:detail", args=[event.pk]) in detail
    assert "Collected at" in detail


def test_the_offline_idea_page_records_an_idea(
    client: Any, phase: Any, carol: Any, alice: Any
) -> None:
    client.force_login(carol)
    url = reverse("events:offline-idea", args=[phase.project.slug, phase.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {
        "title": "Benches", "body": "More benches.", "place": "Market stand",
        "resident_email": "alice@example.org", "has_consent": "on",
    })  # fmt: skip

    assert response.status_code == 302
    assert Idea.objects.get().author == alice


def test_the_offline_idea_page_shows_the_consent_refusal(
    client: Any, phase: Any, carol: Any, alice: Any
) -> None:
    client.force_login(carol)

    response = client.post(
        reverse("events:offline-idea", args=[phase.project.slug, phase.pk]),
        {"title": "Benches", "body": "More benches.", "place": "Market",
         "resident_email": "alice@example.org"},
    )  # fmt: skip

    assert response.status_code == 400
    assert "only with their consent" in response.content.decode()
    assert not Idea.objects.exists()


def test_the_offline_pages_refuse_residents(client: Any, phase: Any, alice: Any) -> None:
    idea = idea_services.idea_submit(phase=phase, author=alice, title="Oaks", body="Plant oaks.")
    client.force_login(alice)

    assert (
        client.get(reverse("events:offline-idea", args=[phase.project.slug, phase.pk])).status_code
        == 403
    )
    assert client.get(reverse("events:offline-comment", args=[idea.pk])).status_code == 403


def test_the_offline_comment_page_records_a_comment(
    client: Any, phase: Any, carol: Any, alice: Any
) -> None:
    idea = idea_services.idea_submit(phase=phase, author=alice, title="Oaks", body="Plant oaks.")
    client.force_login(carol)

    response = client.post(
        reverse("events:offline-comment", args=[idea.pk]),
        {"body": "Agreed, said a neighbour.", "place": "Door-to-door"},
    )

    assert response.status_code == 302
    assert Comment.objects.get().body == "Agreed, said a neighbour."


def test_staff_find_the_offline_entry_points(
    client: Any, phase: Any, carol: Any, alice: Any
) -> None:
    idea = idea_services.idea_submit(phase=phase, author=alice, title="Oaks", body="Plant oaks.")
    client.force_login(carol)

    staff_page = client.get(reverse("events:staff-list")).content.decode()
    idea_page = client.get(reverse("ideas:detail", args=[idea.pk])).content.decode()

    assert reverse("events:offline-idea", args=[phase.project.slug, phase.pk]) in staff_page
    assert reverse("events:kiosk-start", args=[phase.project.slug]) in staff_page
    assert reverse("events:print", args=[phase.project.slug, "poster"]) in staff_page
    assert reverse("events:offline-comment", args=[idea.pk]) in idea_page
    client.force_login(alice)
    assert (
        reverse("events:offline-comment", args=[idea.pk])
        not in client.get(reverse("ideas:detail", args=[idea.pk])).content.decode()
    )
