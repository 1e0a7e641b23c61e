"""The bell, the inbox, preferences, and the staff pages (newsletters, sent emails, bulk)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cocity.accounts.models import Demographics
from cocity.ideas.models import Idea
from cocity.notifications import services
from cocity.notifications.kinds import Kind
from cocity.notifications.models import Delivery, Newsletter, Notification, NotificationPreference
from cocity.projects.models import ProjectFollow
from cocity.testing.factories import AreaFactory, IdeaFactory, UserFactory

pytestmark = pytest.mark.django_db


def note(user: Any, key: str = "k1", url: str = "/") -> Notification:
    services.notify(kind=Kind.RESULTS, recipients=[user], event_key=key, url=url,
                    data={"phase": {"en": "Vote"}, "project": {"en": "Parks"}})  # fmt: skip
    return Notification.objects.get(recipient=user, event_key=key)


def test_the_bell_shows_the_unread_count_in_text(client: Any, alice: Any) -> None:
    note(alice, "a")
    note(alice, "b")
    client.force_login(alice)
    page = client.get(reverse("projects:home")).content.decode()
    assert "Notifications (2 unread)" in page


def test_reading_without_javascript_marks_read_and_opens_the_target(
    client: Any, alice: Any, eve: Any
) -> None:
    n = note(alice, url="/projects/")
    client.force_login(alice)
    inbox = client.get(reverse("notifications:inbox"))
    assert "The results of Vote in Parks are published." in inbox.content.decode()
    response = client.post(reverse("notifications:read", args=[n.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/projects/"
    n.refresh_from_db()
    assert n.read_at is not None
    # Someone else's notification cannot be touched.
    other = note(eve, "e")
    client.post(reverse("notifications:read", args=[other.pk]))
    other.refresh_from_db()
    assert other.read_at is None


def test_mark_all_read(client: Any, alice: Any) -> None:
    note(alice, "a")
    client.force_login(alice)
    client.post(reverse("notifications:read-all"))
    assert not Notification.objects.unread().exists()


def test_preferences_save_and_refuse_an_unknown_choice(client: Any, alice: Any) -> None:
    client.force_login(alice)
    url = reverse("notifications:preferences")
    choices = services.preferences_for(alice) | {Kind.REPLY.value: "weekly"}
    response = client.post(url, choices)
    assert response.status_code == 302
    assert NotificationPreference.objects.get(user=alice, kind=Kind.REPLY).frequency == "weekly"
    bad = choices | {Kind.CITY_NEWSLETTER.value: "daily"}  # newsletters are sent or not
    response = client.post(url, bad)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not NotificationPreference.objects.filter(kind=Kind.CITY_NEWSLETTER).exists()


def test_the_sent_emails_page_is_for_administrators(client: Any, alice: Any, dave: Any) -> None:
    note(alice)
    client.force_login(alice)
    assert client.get(reverse("notifications:sent-emails")).status_code == 403
    client.force_login(dave)
    page = client.get(reverse("notifications:sent-emails"))
    assert page.status_code == 200 and "alice@example.org" in page.content.decode()


def test_a_newsletter_is_previewed_tested_and_sent_to_its_segment_once(
    client: Any, dave: Any, alice: Any, eve: Any, project: Any, committed: Any, mailoutbox: list
) -> None:
    ProjectFollow.objects.create(project=project, user=alice)
    ProjectFollow.objects.create(project=project, user=eve)
    NotificationPreference.objects.create(user=eve, kind=Kind.NEWSLETTER, frequency="off")
    client.force_login(dave)
    response = client.post(reverse("notifications:newsletter-create"), {
        "subject_en": "Summer works", "body_en": "**Big** plans", "segment": "project_followers",
        "project": project.pk,
    })  # fmt: skip
    letter = Newsletter.objects.get()
    assert response["Location"] == reverse("notifications:newsletter", args=[letter.pk])
    preview = client.get(response["Location"]).content.decode()
    assert "<strong>Big</strong>" in preview and "goes to 1 person" in preview
    with committed():
        client.post(response["Location"], {"action": "test"})
    assert [m.to for m in mailoutbox] == [[dave.email]] and "[TEST]" in mailoutbox[0].subject
    with committed():
        client.post(response["Location"], {"action": "send"})
        client.post(response["Location"], {"action": "send"})  # a double click
    assert [m.to for m in mailoutbox[1:]] == [[alice.email]]
    letter.refresh_from_db()
    assert letter.status == "sent"


def test_a_newsletter_needs_its_segment_and_changes_nothing_otherwise(dave: Any) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.newsletter_save(user=dave, subject={"en": "x"}, body={"en": "y"},
                                 segment="area_residents")  # fmt: skip
    assert "area" in error.value.error_dict
    assert not Newsletter.objects.exists()


def test_district_and_opt_in_segments(dave: Any, alice: Any, eve: Any) -> None:
    from django.utils import timezone

    area = AreaFactory()
    Demographics.objects.create(user=alice, area=area, consented_at=timezone.now())
    letter = services.newsletter_save(user=dave, subject={"en": "x"}, body={"en": "y"},
                                      segment="area_residents", area=area)  # fmt: skip
    assert list(services.newsletter_audience(letter)) == [alice]
    letter.segment = "opted_in"
    assert list(services.newsletter_audience(letter)) == []  # opt-in only
    NotificationPreference.objects.create(
        user=eve, kind=Kind.CITY_NEWSLETTER, frequency="immediate"
    )
    assert list(services.newsletter_audience(letter)) == [eve]


def test_bulk_answer_answers_many_ideas_and_tells_each_author(
    client: Any, carol: Any, project: Any, phase: Any, committed: Any, mailoutbox: list
) -> None:
    authors = [UserFactory() for _ in range(3)]
    ideas = [IdeaFactory(phase=phase, author=a) for a in authors]
    client.force_login(carol)
    url = reverse("notifications:bulk-answer", args=[project.slug])
    assert client.get(url).status_code == 200
    from cocity.ideas.models import IdeaStatus

    rejected = IdeaStatus.objects.get(slug="rejected")
    with committed():
        response = client.post(url, {"ideas": [i.pk for i in ideas[:2]], "status": rejected.pk,
                                     "answer": "Outside the city's powers."})  # fmt: skip
    assert response.status_code == 302
    assert Idea.objects.filter(status=rejected).count() == 2
    assert sorted(m.to[0] for m in mailoutbox) == sorted(a.email for a in authors[:2])
    # A decision without an answer is refused and changes nothing.
    response = client.post(url, {"ideas": [ideas[2].pk], "status": rejected.pk, "answer": ""})
    assert response.status_code == 200
    assert Idea.objects.filter(status=rejected).count() == 2
    assert Delivery.objects.count() == 2


def test_residents_cannot_open_the_bulk_answer_page(client: Any, alice: Any, project: Any) -> None:
    client.force_login(alice)
    assert client.get(reverse("notifications:bulk-answer", args=[project.slug])).status_code == 403


def test_project_news_page_is_public(client: Any, carol: Any, project: Any) -> None:
    services.project_update_post(project=project, user=carol, title={"en": "Works start"},
                                 body={"en": "On *Monday*."})  # fmt: skip
    page = client.get(reverse("notifications:project-news", args=[project.slug])).content.decode()
    assert "Works start" in page and "<em>Monday</em>" in page
