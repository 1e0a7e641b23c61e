from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocity.participation.capabilities import Capability
from cocity.participation.registry import ParticipationMethod

METHOD = ParticipationMethod(
    slug="ideation",
    label=_("Ideation"),
    description=_("Residents post ideas, comment on them and react to them."),
    open_capabilities=frozenset({Capability.PROPOSE, Capability.COMMENT, Capability.REACT}),
    phase_view="cocity.ideas.views.phase_ideas",
)
