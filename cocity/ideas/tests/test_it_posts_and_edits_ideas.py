"""Create, edit and withdraw an idea through the pages, including bad input and uploads."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cocity.ideas import services
from cocity.ideas.models import Idea, IdeaImage
from cocity.ideas.tests.conftest import create_path, jpeg_bytes, jpeg_upload, phase_path
from cocity.testing.factories import IdeaFactory

VALID = {
    "title": "Shade trees",
    "body": "Plant *oaks*.",
    "address": "",
    "latitude": "",
    "longitude": "",
}


def test_it_shows_the_form_with_markdown_help_and_topics(
    client: Any, phase: Any, alice: Any, topic: Any
) -> None:
    client.force_login(alice)
    html = client.get(create_path(phase)).content.decode()
    assert "Markdown is allowed" in html
    assert 'type="checkbox" name="topics"' in html and "Trees" in html
    assert 'type="number"' in html and 'name="latitude"' in html
    assert 'name="image_1"' in html and 'name="image_1_alt"' in html
    assert "Post as the city" not in html


def test_it_posts_an_idea_and_redirects_to_it(
    client: Any, phase: Any, alice: Any, topic: Any
) -> None:
    client.force_login(alice)
    data = {
        **VALID,
        "topics": [topic.pk],
        "address": "Place du Marché",
        "latitude": "50.64",
        "longitude": "5.57",
        "image_1": jpeg_upload(),
        "image_1_alt": "The square today",
    }
    response = client.post(create_path(phase), data)
    idea = Idea.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ideas/{idea.pk}/"
    assert idea.author == alice and list(idea.topics.all()) == [topic]
    assert (idea.address, idea.latitude, idea.longitude) == ("Place du Marché", 50.64, 5.57)
    assert idea.images.get().alt_text == "The square today"


def test_it_lets_project_staff_post_as_the_city(client: Any, phase: Any, carol: Any) -> None:
    client.force_login(carol)
    assert "Post as the city" in client.get(create_path(phase)).content.decode()
    client.post(create_path(phase), {**VALID, "is_official": "on"})
    assert Idea.objects.get().is_official


def test_it_ignores_a_forged_official_flag_from_a_resident(
    client: Any, phase: Any, alice: Any
) -> None:
    client.force_login(alice)
    client.post(create_path(phase), {**VALID, "is_official": "on"})
    assert not Idea.objects.get().is_official


def test_it_keeps_what_was_typed_when_the_form_has_errors(
    client: Any, phase: Any, alice: Any, topic: Any
) -> None:
    client.force_login(alice)
    data = {
        **VALID,
        "title": "",
        "body": "My long description",
        "topics": [topic.pk],
        "address": "Rue Neuve",
        "latitude": "50.1",
        "longitude": "",
    }
    response = client.post(create_path(phase), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Your idea is not saved yet." in html
    assert "My long description" in html and 'value="Rue Neuve"' in html
    assert 'value="50.1"' in html and "checked" in html
    assert "Give both latitude and longitude, or neither." in html
    assert 'aria-invalid="true"' in html
    assert "please choose your images again" in html
    assert not Idea.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "x" * 141}, "at most 140 characters"),
        ({"title": "   "}, "This field is required."),
        ({"body": "x" * 10_001}, "at most 10000 characters"),
        ({"latitude": "91", "longitude": "5"}, "less than or equal to 90"),
        ({"latitude": "abc", "longitude": "5"}, "Enter a number."),
    ],
)
def test_it_refuses_bad_input_with_a_clear_message(
    client: Any, phase: Any, alice: Any, changes: dict, message: str
) -> None:
    client.force_login(alice)
    response = client.post(create_path(phase), {**VALID, **changes})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Idea.objects.exists()


def test_it_strips_script_from_title_and_body(client: Any, phase: Any, alice: Any) -> None:
    client.force_login(alice)
    client.post(
        create_path(phase),
        {**VALID, "title": "<script>alert(1)</script>Trees", "body": "<script>alert(2)</script>Hi"},
    )
    idea = Idea.objects.get()
    assert "<script" not in idea.title and "<script" not in idea.body_html
    html = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert "<script>alert(" not in html


def test_it_refuses_a_50_mb_image(client: Any, phase: Any, alice: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None  # let the upload reach our own check
    client.force_login(alice)
    big = SimpleUploadedFile("big.jpg", jpeg_bytes() + b"\0" * (50 * 1024 * 1024), "image/jpeg")
    response = client.post(create_path(phase), {**VALID, "image_1": big, "image_1_alt": "Big"})
    assert response.status_code == 400
    assert "the largest we accept is" in response.content.decode()
    assert not Idea.objects.exists() and not IdeaImage.objects.exists()


def test_it_refuses_a_pdf_renamed_jpg(client: Any, phase: Any, alice: Any) -> None:
    client.force_login(alice)
    pdf = SimpleUploadedFile("photo.jpg", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF", "image/jpeg")
    response = client.post(create_path(phase), {**VALID, "image_1": pdf, "image_1_alt": "A"})
    assert response.status_code == 400
    assert "This file is not an image we can read." in response.content.decode()
    assert not Idea.objects.exists()


def test_it_asks_for_a_description_of_each_image(client: Any, phase: Any, alice: Any) -> None:
    client.force_login(alice)
    response = client.post(create_path(phase), {**VALID, "image_1": jpeg_upload()})
    assert "Please describe this image" in response.content.decode()
    assert not Idea.objects.exists()


def test_it_strips_exif_gps_from_photos(client: Any, phase: Any, alice: Any) -> None:
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (50.0, 38.0, 0.0)  # GPSLatitudeRef, GPSLatitude
    gps[3], gps[4] = "E", (5.0, 34.0, 0.0)
    original = jpeg_bytes(exif=exif.tobytes())
    with Image.open(io.BytesIO(original)) as check:
        assert check.getexif().get_ifd(0x8825)  # the test photo really carries a position
    client.force_login(alice)
    upload = SimpleUploadedFile("gps.jpg", original, "image/jpeg")
    client.post(create_path(phase), {**VALID, "image_1": upload, "image_1_alt": "Square"})
    stored = Idea.objects.get().images.get()
    with stored.image.open("rb") as f, Image.open(f) as img:
        assert not img.getexif()
        assert "exif" not in img.info


def test_it_refuses_to_post_in_a_closed_phase(client: Any, closed_phase: Any, alice: Any) -> None:
    client.force_login(alice)
    response = client.post(create_path(closed_phase), VALID, follow=True)
    assert response.redirect_chain[-1][0] == phase_path(closed_phase)
    assert any("closed on" in str(m) for m in response.context["messages"])
    assert not Idea.objects.exists()


def test_it_refuses_to_post_before_the_phase_opens(
    client: Any, future_phase: Any, alice: Any
) -> None:
    client.force_login(alice)
    client.post(create_path(future_phase), VALID)
    assert not Idea.objects.exists()


def test_it_sends_anonymous_visitors_to_sign_in(client: Any, phase: Any) -> None:
    response = client.get(create_path(phase))
    assert response["Location"].startswith("/accounts/login/?next=/projects/")
    client.post(create_path(phase), VALID)
    assert not Idea.objects.exists()


def test_it_prefills_a_place_chosen_in_the_address_search(
    client: Any, phase: Any, alice: Any
) -> None:
    client.force_login(alice)
    html = client.get(
        create_path(phase), {"address": "Place Cockerill", "latitude": "50.64", "longitude": "5.57"}
    ).content.decode()
    assert 'value="Place Cockerill"' in html and 'value="50.64"' in html


def test_it_edits_an_idea_removing_and_adding_images(client: Any, idea: Any, alice: Any) -> None:
    services.idea_edit(
        idea=idea,
        user=alice,
        title=idea.title,
        body=idea.body,
        new_images=[services.NewImage(jpeg_upload(), "Old photo")],
    )
    old = idea.images.get()
    client.force_login(alice)
    page = client.get(f"/ideas/{idea.pk}/edit/").content.decode()
    assert "More trees" in page and "Old photo" in page and 'name="remove_images"' in page
    response = client.post(
        f"/ideas/{idea.pk}/edit/",
        {
            **VALID,
            "title": "Even more trees",
            "remove_images": [old.pk],
            "image_1": jpeg_upload(),
            "image_1_alt": "New photo",
        },
    )
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.title == "Even more trees"
    assert [i.alt_text for i in idea.images.all()] == ["New photo"]


def test_it_refuses_editing_someone_elses_idea(client: Any, idea: Any, eve: Any) -> None:
    client.force_login(eve)
    response = client.post(f"/ideas/{idea.pk}/edit/", {**VALID, "title": "Mine"}, follow=True)
    assert any("Only the author" in str(m) for m in response.context["messages"])
    idea.refresh_from_db()
    assert idea.title == "More trees"


def test_it_refuses_editing_after_the_phase(client: Any, closed_phase: Any, alice: Any) -> None:
    idea = IdeaFactory(phase=closed_phase, author=alice, title="Frozen")
    client.force_login(alice)
    client.post(f"/ideas/{idea.pk}/edit/", {**VALID, "title": "Thawed"})
    idea.refresh_from_db()
    assert idea.title == "Frozen"


def test_it_withdraws_after_confirmation(client: Any, idea: Any, alice: Any) -> None:
    client.force_login(alice)
    page = client.get(f"/ideas/{idea.pk}/withdraw/").content.decode()
    assert "Withdraw your idea?" in page
    assert not Idea.objects.get(pk=idea.pk).is_withdrawn  # GET changes nothing
    response = client.post(f"/ideas/{idea.pk}/withdraw/", follow=True)
    assert Idea.objects.get(pk=idea.pk).is_withdrawn
    assert "Withdrawn." in response.content.decode()


def test_it_refuses_withdrawing_someone_elses_idea(client: Any, idea: Any, eve: Any) -> None:
    client.force_login(eve)
    client.post(f"/ideas/{idea.pk}/withdraw/")
    assert not Idea.objects.get(pk=idea.pk).is_withdrawn


def test_it_lets_staff_prepare_city_proposals_before_the_phase_opens(
    client: Any, future_phase: Any, carol: Any
) -> None:
    client.force_login(carol)
    assert "Post an idea" in client.get(phase_path(future_phase)).content.decode()
    response = client.post(create_path(future_phase), VALID)
    assert response.status_code == 302
    assert Idea.objects.get().is_official  # before opening, only the city's own proposals
