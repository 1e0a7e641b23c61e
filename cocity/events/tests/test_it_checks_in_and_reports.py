"""Staff see and export the attendance list, check people in, and publish a report."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cocity.events import services
from cocity.events.models import Event, EventPhoto, EventReport, Registration
from cocity.events.tests.conftest import image_upload, make_event, move_to_past
from cocity.ideas import services as idea_services
from cocity.testing.factories import PhaseFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(small_event: Event, alice: Any, eve: Any) -> dict[str, Registration]:
    waiting = UserFactory(display_name="Wanda")
    return {
        "alice": services.registration_register(event=small_event, user=alice),
        "eve": services.registration_register(event=small_event, user=eve),
        "waiting": services.registration_register(event=small_event, user=waiting),
    }


def test_staff_check_someone_in_and_undo_it(
    small_event: Event, carol: Any, registered: Any
) -> None:
    pk = registered["alice"].pk

    done = services.registration_check_in(event=small_event, user=carol, registration_id=pk)
    assert done.checked_in_at is not None and done.checked_in_by == carol

    undone = services.registration_check_in(
        event=small_event, user=carol, registration_id=pk, present=False
    )
    assert undone.checked_in_at is None


@pytest.mark.parametrize("who", ["waiting", "another_event", "unknown", "cancelled"])
def test_it_refuses_to_check_in_someone_not_registered(
    small_event: Event, project: Any, carol: Any, registered: Any, who: str
) -> None:
    if who == "waiting":
        pk = registered["waiting"].pk
    elif who == "another_event":
        other = make_event(carol, project, title={"en": "Other"})
        pk = services.registration_register(event=other, user=UserFactory()).pk
    elif who == "cancelled":
        services.registration_cancel(registration=registered["eve"], user=registered["eve"].user)
        pk = registered["eve"].pk
    else:
        pk = 999_999

    with pytest.raises(ValidationError, match="not registered for this event"):
        services.registration_check_in(event=small_event, user=carol, registration_id=pk)
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_residents_cannot_check_people_in(small_event: Event, alice: Any, registered: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.registration_check_in(
            event=small_event, user=alice, registration_id=registered["alice"].pk
        )


def test_the_check_in_page_works_without_javascript(
    client: Any, small_event: Event, carol: Any, registered: Any
) -> None:
    client.force_login(carol)
    url = reverse("events:check-in", args=[small_event.pk])
    page = client.get(url).content.decode()
    assert "Alice" in page and "Eve" in page and "Wanda" not in page  # confirmed people only

    response = client.post(url, {"registration": registered["alice"].pk, "present": "1"})

    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Alice is checked in." in page
    assert "Undo check-in" in page


def test_the_check_in_page_answers_htmx_with_one_row(
    client: Any, small_event: Event, carol: Any, registered: Any
) -> None:
    client.force_login(carol)

    response = client.post(
        reverse("events:check-in", args=[small_event.pk]),
        {"registration": registered["eve"].pk, "present": "1"},
        HTTP_HX_REQUEST="true",
    )

    row = response.content.decode().strip()
    assert row.startswith(
        f'<li class="check-in-row is-checked-in" id="registration-{registered["eve"].pk}"'
    )
    assert "Here since" in row


def test_the_check_in_page_refuses_a_stranger_clearly(
    client: Any, small_event: Event, carol: Any, registered: Any
) -> None:
    client.force_login(carol)

    response = client.post(
        reverse("events:check-in", args=[small_event.pk]),
        {"registration": registered["waiting"].pk},
        follow=True,
    )

    assert "This person is not registered for this event." in response.content.decode()
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_the_attendance_list_exports_as_csv(
    client: Any, small_event: Event, carol: Any, registered: Any
) -> None:
    registered["eve"].user.display_name = '=HYPERLINK("http://evil")'
    registered["eve"].user.save()
    services.registration_check_in(
        event=small_event, user=carol, registration_id=registered["alice"].pk
    )
    client.force_login(carol)

    response = client.get(reverse("events:staff-detail", args=[small_event.pk]), {"format": "csv"})

    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Name", "Email", "Status", "Registered at", "Checked in at"]
    assert [r[0] for r in rows[1:]] == ["Alice", '\'=HYPERLINK("http://evil")', "Wanda"]
    assert [r[2] for r in rows[1:]] == ["Registered", "Registered", "On the waiting list"]
    assert rows[1][4] != "" and rows[2][4] == ""


def test_it_refuses_a_report_before_the_event(event: Event, carol: Any) -> None:
    with pytest.raises(ValidationError, match="once the event has taken place"):
        services.report_save(
            event=event, user=carol, summary={"en": "Too early"}, participant_count=3
        )
    assert not EventReport.objects.exists()


def test_staff_publish_a_report_with_photos_and_ideas(
    client: Any, event: Event, carol: Any, phase: Any, alice: Any
) -> None:
    idea = idea_services.idea_submit(phase=phase, author=alice, title="Oaks", body="Plant oaks.")
    move_to_past(event)
    client.force_login(carol)

    response = client.post(
        reverse("events:report", args=[event.pk]),
        {
            "summary_en": "We talked about **trees**.",
            "participant_count": "14",
            "ideas": [str(idea.pk)],
            "photo_1": image_upload(),
            "photo_1_alt": "Residents around a map",
            "publish": "on",
        },
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    report = EventReport.objects.get()
    assert report.is_published and report.participant_count == 14
    photo = EventPhoto.objects.get()
    assert photo.image.name.endswith(".jpg") and photo.alt_text == "Residents around a map"
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "<strong>trees</strong>" in page
    assert "14 participants" in page
    assert 'alt="Residents around a map"' in page
    assert reverse("ideas:detail", args=[idea.pk]) in page


def test_a_draft_report_stays_hidden(client: Any, event: Event, carol: Any) -> None:
    move_to_past(event)
    services.report_save(
        event=event, user=carol, summary={"en": "Draft notes"}, participant_count=2
    )

    assert (
        "Draft notes" not in client.get(reverse("events:detail", args=[event.pk])).content.decode()
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"participant_count": -1}, "participant_count", "0 or more"),
        ({"summary": {"fr": "Seulement"}}, "summary", "what was discussed"),
        ({"ideas": "other"}, "ideas", "ideas of this event's project"),
        ({"new_photos": "not-an-image"}, "photos", "not an image we can read"),
        ({"new_photos": "no-alt"}, "photos", "describe each photo"),
    ],
)
def test_it_refuses_a_bad_report_and_saves_nothing(
    event: Event, carol: Any, changes: dict, field: str, message: str
) -> None:
    from cocity.events.services import NewPhoto

    move_to_past(event)
    kwargs: dict[str, Any] = {"summary": {"en": "Notes"}, "participant_count": 5}
    kwargs.update(changes)
    if changes.get("ideas") == "other":
        other_phase = PhaseFactory(project=ProjectFactory())
        kwargs["ideas"] = [idea_services.idea_submit(
            phase=other_phase, author=UserFactory(), title="Elsewhere", body="Other project."
        )]  # fmt: skip
    if changes.get("new_photos") == "not-an-image":
        kwargs["new_photos"] = [NewPhoto(SimpleUploadedFile("x.jpg", b"<?php"), "A photo")]
    if changes.get("new_photos") == "no-alt":
        kwargs["new_photos"] = [NewPhoto(image_upload(), " ")]

    with pytest.raises(ValidationError) as error:
        services.report_save(event=event, user=carol, **kwargs)

    assert message in " ".join(error.value.message_dict[field])
    assert not EventReport.objects.exists()
    assert not EventPhoto.objects.exists()
