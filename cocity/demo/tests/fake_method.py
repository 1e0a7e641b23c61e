"""A participation method that only exists in tests: the seed must give it a phase too."""

from __future__ import annotations

from cocity.participation.registry import ParticipationMethod

METHOD = ParticipationMethod(
    slug="voting",
    label="Voting",
    description="Residents vote (test stand-in).",
    phase_view="cocity.information.views.phase_information",
)
