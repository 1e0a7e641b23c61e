"""The budgeting participation method. Its data, services and pages live in cocity.voting
(a basket is one kind of ballot); its outcome rules live beside this module, in rules/."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocity.participation.capabilities import Capability
from cocity.participation.registry import ParticipationMethod

METHOD = ParticipationMethod(
    slug="budgeting",
    label=_("Participatory budgeting"),
    description=_(
        "Residents fill a basket of projects, each with its cost, up to the budget; the "
        "city's chosen rule then picks the projects it funds."
    ),
    open_capabilities=frozenset({Capability.VOTE}),
    phase_view="cocity.voting.views.phase_vote",
    contributions="cocity.voting.selectors.phase_ballot_count",
)
