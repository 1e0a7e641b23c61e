from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cocity.accounts import services
from cocity.accounts.models import Demographics
from cocity.testing.factories import AreaFactory

URL = "accounts:demographics"


def _answers(**overrides: Any) -> dict[str, Any]:
    return {"year_of_birth": "1984", "gender": "woman", "area": "", "consent": "on", **overrides}


def test_the_page_explains_what_is_asked_why_and_who_sees_it(client: Any, alice: Any) -> None:
    client.force_login(alice)

    html = client.get(reverse(URL)).content.decode()

    assert "who is missing" in html
    assert "never public" in html
    assert 'name="consent"' in html
    assert "Delete my answers" not in html  # nothing to delete yet


def test_a_resident_gives_answers_with_consent(client: Any, alice: Any) -> None:
    area = AreaFactory(name={"en": "Outremeuse"})
    client.force_login(alice)
    before = timezone.now()

    response = client.post(reverse(URL), _answers(area=str(area.pk)))

    assert response.status_code == 302
    answers = Demographics.objects.get(user=alice)
    assert (answers.year_of_birth, answers.gender, answers.area) == (1984, "woman", area)
    assert before <= answers.consented_at <= timezone.now()
    page = client.get(reverse(URL)).content.decode()
    assert "You gave your answers and your consent on" in page
    assert "Outremeuse" in page


def test_answers_are_not_saved_without_consent(client: Any, alice: Any) -> None:
    client.force_login(alice)

    response = client.post(reverse(URL), _answers(consent=""))

    assert response.status_code == 400
    assert "Please tick the box to agree" in response.content.decode()
    assert not Demographics.objects.filter(user=alice).exists()


def test_all_questions_unanswered_is_refused(client: Any, alice: Any) -> None:
    client.force_login(alice)

    response = client.post(reverse(URL), _answers(year_of_birth="", gender=""))

    assert response.status_code == 400
    assert "Answer at least one question" in response.content.decode()
    assert not Demographics.objects.filter(user=alice).exists()


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (str(timezone.now().year + 1), "cannot be in the future"),
        ("1850", "Please enter a year of birth after"),
        ("eighty", "Please enter a year with four digits"),
    ],
)
def test_an_implausible_year_of_birth_is_refused_and_nothing_changes(
    client: Any, alice: Any, year: str, message: str
) -> None:
    client.force_login(alice)
    client.post(reverse(URL), _answers(year_of_birth="1990"))

    response = client.post(reverse(URL), _answers(year_of_birth=year, gender="man"))

    assert response.status_code == 400
    assert message in response.content.decode()
    answers = Demographics.objects.get(user=alice)
    assert (answers.year_of_birth, answers.gender) == (1990, "woman")


def test_an_unknown_gender_or_district_is_refused(client: Any, alice: Any) -> None:
    client.force_login(alice)

    response = client.post(reverse(URL), _answers(gender="robot", area="999999"))

    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose one of the offered answers." in html
    assert "Choose one of the offered districts." in html
    assert not Demographics.objects.filter(user=alice).exists()


def test_changing_answers_renews_the_consent_time(client: Any, alice: Any) -> None:
    client.force_login(alice)
    client.post(reverse(URL), _answers())
    Demographics.objects.filter(user=alice).update(consented_at=timezone.now() - timedelta(days=30))

    client.post(reverse(URL), _answers(year_of_birth="1985", gender=""))

    answers = Demographics.objects.get(user=alice)
    assert (answers.year_of_birth, answers.gender) == (1985, "")
    assert answers.consented_at > timezone.now() - timedelta(minutes=1)
    assert Demographics.objects.filter(user=alice).count() == 1


def test_a_resident_deletes_the_answers_after_confirming(client: Any, alice: Any) -> None:
    client.force_login(alice)
    client.post(reverse(URL), _answers())

    confirm = client.get(reverse("accounts:delete-demographics"))
    assert confirm.status_code == 200
    assert Demographics.objects.filter(user=alice).exists()

    response = client.post(reverse("accounts:delete-demographics"))

    assert response.status_code == 302
    assert not Demographics.objects.filter(user=alice).exists()


def test_the_answers_are_never_shown_to_someone_else(client: Any, alice: Any, eve: Any) -> None:
    services.demographics_save(
        user=alice, year_of_birth=1937, gender="woman", area=None, consent=True
    )
    client.force_login(eve)

    for url in (reverse(URL), reverse("accounts:profile"), reverse("accounts:delete-demographics")):
        html = client.get(url, follow=True).content.decode()
        assert "1937" not in html
    client.post(reverse("accounts:delete-demographics"))
    assert Demographics.objects.filter(user=alice).exists()


def test_the_service_refuses_without_consent(alice: Any) -> None:
    with pytest.raises(ValidationError):
        services.demographics_save(
            user=alice, year_of_birth=1980, gender="", area=None, consent=False
        )
    assert not Demographics.objects.filter(user=alice).exists()


def test_the_service_refuses_a_year_in_the_future(alice: Any) -> None:
    with pytest.raises(ValidationError) as error:
        services.demographics_save(
            user=alice, year_of_birth=timezone.now().year + 5, gender="", area=None, consent=True
        )
    assert "year_of_birth" in error.value.message_dict
    assert not Demographics.objects.filter(user=alice).exists()
