"""A participation method that only exists in tests: the seed must give it a phase too."""

from __future__ import annotations

from typing import Any

from cocity.participation.registry import ParticipationMethod

METHOD = ParticipationMethod(
    slug="voting",
    label="Voting",
    description="Residents vote (test stand-in).",
    phase_view="cocity.information.views.phase_information",
)


def seed_phase(phase: Any, context: Any) -> None:
    """A demo seeder for the stand-in method: marks its phases so the test can see the call."""
    phase.description = {"en": f"Seeded for {len(context.resident_ids)} residents"}
    phase.save(update_fields=["description"])
