"""Events in a real browser: a resident finds an event, registers and downloads the calendar
file; staff check them in on a phone and publish the report. axe-core on every page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cocity.events.models import Event, EventReport, Registration
from cocity.events.services import event_create
from tests.browser.conftest import ON_A_PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def workshop(project: Any, carol: Any) -> Event:
    start = timezone.now() + timedelta(days=3)
    return event_create(
        user=carol,
        project=project,
        data={
            "title": {"en": "Tree workshop", "fr": "Atelier arbres"},
            "kind": "workshop",
            "description": {"en": "We choose the trees together."},
            "starts_at": start,
            "ends_at": start + timedelta(hours=2),
            "place_name": "Town hall, room 3",
            "address": "Place du Marché 2, Liège",
            "latitude": 50.645,
            "longitude": 5.5736,
            "is_step_free": True,
            "languages": ["fr", "en"],
            "capacity": 12,
            "is_published": True,
        },
    )


def test_a_resident_registers_and_staff_check_in_and_report(
    page: Page,
    new_page: Callable[..., Page],
    login_as: Callable[[Page, Any], None],
    assert_accessible: Callable[[Page], None],
    workshop: Event,
    alice: Any,
    carol: Any,
    tmp_path: Path,
) -> None:
    # A resident finds the event from the main navigation, on the list then on the map.
    login_as(page, alice)
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Events").click()
    expect(page.get_by_role("heading", level=1, name="Events")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Map").click()
    expect(page.get_by_role("table")).to_contain_text("Tree workshop")
    assert_accessible(page)
    page.get_by_role("table").get_by_role("link", name="Tree workshop").click()
    expect(page.get_by_role("heading", level=1, name="Tree workshop")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Register").click()
    expect(page.locator("#registration")).to_contain_text("You are registered.")
    assert_accessible(page)
    assert Registration.objects.get(event=workshop, user=alice).status == "confirmed"

    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar (.ics file)").click()
    saved = tmp_path / "event.ics"
    download.value.save_as(saved)
    (vevent,) = icalendar.Calendar.from_ical(saved.read_bytes()).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Tree workshop"

    # Staff check the resident in on a phone.
    phone = new_page(**ON_A_PHONE)
    login_as(phone, carol)
    phone.goto(f"/staff/events/{workshop.pk}/check-in/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Check-in")
    assert_accessible(phone)
    phone.get_by_role("button", name=re.compile(r"^Check in Alice$")).click()
    expect(phone.locator(".check-in-row").first).to_contain_text("Here since")
    assert_accessible(phone)
    assert Registration.objects.get(event=workshop, user=alice).checked_in_at is not None

    # After the event, staff publish the report.
    Event.objects.filter(pk=workshop.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    phone.goto(f"/staff/events/{workshop.pk}/report/")
    assert_accessible(phone)
    summary = phone.locator("fieldset").filter(
        has=phone.locator("legend", has_text="What was discussed")
    )
    summary.get_by_label(re.compile("^English")).fill("We chose **oaks** and lime trees.")
    phone.get_by_label("Number of participants").fill("9")
    phone.get_by_label("Publish the report").check()
    phone.get_by_role("button", name="Save the report").click()
    expect(phone.get_by_role("status")).to_contain_text("The report is published.")
    assert_accessible(phone)
    assert EventReport.objects.get(event=workshop).participant_count == 9

    page.goto(f"/events/{workshop.pk}/")
    expect(
        page.get_by_role("region", name="Report").or_(page.locator(".event-report"))
    ).to_contain_text("9 participants")
    assert_accessible(page)
