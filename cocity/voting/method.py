from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocity.participation.capabilities import Capability
from cocity.participation.registry import ParticipationMethod

METHOD = ParticipationMethod(
    slug="voting",
    label=_("Voting"),
    description=_(
        "Residents vote on the items the city puts forward: single support, several votes "
        "to spread, or approval of a few items."
    ),
    open_capabilities=frozenset({Capability.VOTE}),
    phase_view="cocity.voting.views.phase_vote",
    contributions="cocity.voting.selectors.phase_ballot_count",
)
