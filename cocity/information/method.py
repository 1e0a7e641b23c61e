from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocity.participation.registry import ParticipationMethod

METHOD = ParticipationMethod(
    slug="information",
    label=_("Information"),
    description=_("The city explains the project; there is nothing to submit in this phase."),
    phase_view="cocity.information.views.phase_information",
)
