from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cocity.participation.registry import ParticipationMethod

METHOD = ParticipationMethod(
    slug="events",
    label=_("Events"),
    description=_("Workshops, meetings and walks: residents register and take part in person."),
    # Registering for an event is not bound to the phase's dates (see permissions.REGISTER).
    phase_view="cocity.events.views.phase_events",
)
