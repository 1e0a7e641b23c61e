"""Kiosk mode: residents post in turn without signing in; leaving needs the staff PIN."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cocity.events import services
from cocity.events.models import Kiosk, OfflineInput
from cocity.ideas.models import Idea

pytestmark = pytest.mark.django_db


@pytest.fixture
def kiosk_client(client: Any, phase: Any, carol: Any) -> Any:
    client.force_login(carol)
    response = client.post(
        reverse("events:kiosk-start", args=[phase.project.slug]),
        {"phase": phase.pk, "location": "Town hall, ground floor", "pin": "4821"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("events:kiosk")
    return client


def test_starting_a_kiosk_signs_the_staff_member_out(kiosk_client: Any) -> None:
    response = kiosk_client.get(reverse("events:kiosk"))

    assert response.status_code == 200
    assert "_auth_user_id" not in kiosk_client.session
    assert "Town hall, ground floor" in response.content.decode()
    assert kiosk_client.get(reverse("backoffice:dashboard")).status_code == 302  # to sign in


def test_residents_post_ideas_tagged_as_kiosk_input(kiosk_client: Any) -> None:
    for title in ("Benches", "Water fountain"):
        response = kiosk_client.post(
            reverse("events:kiosk"), {"title": title, "body": "Please!"}, follow=True
        )
        assert "Next person, please." in response.content.decode()

    ideas = Idea.objects.order_by("pk")
    assert [i.title for i in ideas] == ["Benches", "Water fountain"]
    assert {(i.source, i.source_place, i.author_id) for i in ideas} == {
        ("kiosk", "Town hall, ground floor", None)
    }


def test_a_kiosk_limits_posts_in_a_short_time(kiosk_client: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(services, "KIOSK_POSTS_PER_WINDOW", 2)
    for n in range(2):
        kiosk_client.post(reverse("events:kiosk"), {"title": f"Idea {n}", "body": "Text"})

    response = kiosk_client.post(reverse("events:kiosk"), {"title": "One more", "body": "Text"})

    assert response.status_code == 400
    assert "Please wait a moment." in response.content.decode()
    assert Idea.objects.count() == 2


def test_leaving_needs_the_pin(kiosk_client: Any) -> None:
    response = kiosk_client.post(reverse("events:kiosk-leave"), {"pin": "0000"})

    assert response.status_code == 400
    assert "This PIN is not correct." in response.content.decode()
    assert Kiosk.objects.get().ended_at is None

    response = kiosk_client.post(reverse("events:kiosk-leave"), {"pin": "4821"})

    assert response.status_code == 302
    assert Kiosk.objects.get().ended_at is not None
    assert kiosk_client.get(reverse("events:kiosk")).status_code == 302


def test_too_many_wrong_pins_lock_the_kiosk_for_a_while(phase: Any, carol: Any) -> None:
    kiosk = services.kiosk_start(phase=phase, user=carol, location="Library", pin="1234")
    for _ in range(services.KIOSK_PIN_ATTEMPTS):
        with pytest.raises(ValidationError, match="not correct"):
            services.kiosk_leave(kiosk=kiosk, pin="9999")

    with pytest.raises(ValidationError, match="Too many wrong PINs"):
        services.kiosk_leave(kiosk=kiosk, pin="1234")
    kiosk.refresh_from_db()
    assert kiosk.ended_at is None


def test_a_closed_kiosk_takes_no_more_ideas(phase: Any, carol: Any) -> None:
    kiosk = services.kiosk_start(phase=phase, user=carol, location="Library", pin="1234")
    services.kiosk_leave(kiosk=kiosk, pin="1234")

    with pytest.raises(Exception, match="closed"):
        services.kiosk_post_idea(kiosk=kiosk, title="Late", body="Too late")
    assert not Idea.objects.exists()


@pytest.mark.parametrize("pin", ["12", "abcd", "123456789", ""])
def test_it_refuses_a_bad_pin(phase: Any, carol: Any, pin: str) -> None:
    with pytest.raises(ValidationError, match="4 to 8 digits"):
        services.kiosk_start(phase=phase, user=carol, location="Library", pin=pin)
    assert not Kiosk.objects.exists()


def test_residents_cannot_start_a_kiosk(client: Any, phase: Any, alice: Any) -> None:
    client.force_login(alice)

    response = client.get(reverse("events:kiosk-start", args=[phase.project.slug]))

    assert response.status_code == 403


def test_a_browser_not_in_kiosk_mode_is_sent_home(client: Any) -> None:
    assert client.get(reverse("events:kiosk")).status_code == 302
    assert not OfflineInput.objects.exists()
