"""The registry of participation methods: a dict from a stable slug to a frozen dataclass.

Each method lives in its own app and exposes `METHOD` in a module listed in
settings.COCITY_PARTICIPATION_METHODS. The database stores the slug. Adding a method is one new
app plus one line in settings; no existing method changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.functional import Promise

from cocity.participation.capabilities import Capability

PhaseView = Callable[..., HttpResponse]


@dataclass(frozen=True)
class ParticipationMethod:
    slug: str
    label: str | Promise
    description: str | Promise
    # What residents may do while a phase with this method is open.
    open_capabilities: frozenset[Capability] = field(default_factory=frozenset)
    # Dotted path to `view(request, phase) -> HttpResponse`, the phase's main page.
    phase_view: str = ""
    # Capabilities that stay possible after the phase ends (e.g. following).
    closed_capabilities: frozenset[Capability] = field(default_factory=frozenset)
    # Dotted path to `count(phase) -> int`: what residents contributed in ways the generic count
    # of rows pointing at Phase cannot see (e.g. ballots that hang off a per-phase setup row).
    contributions: str = ""

    def render_phase(self, request: HttpRequest, phase: object) -> HttpResponse:
        view: PhaseView = _import(self.phase_view)
        return view(request, phase)

    def count_contributions(self, phase: object) -> int:
        if not self.contributions:
            return 0
        count: Callable[[object], int] = _import(self.contributions)
        return count(phase)


def _import(dotted: str) -> Any:
    module_name, _, attr = dotted.rpartition(".")
    return getattr(import_module(module_name), attr)


@cache
def methods() -> dict[str, ParticipationMethod]:
    found: dict[str, ParticipationMethod] = {}
    for slug, module_path in settings.COCITY_PARTICIPATION_METHODS.items():
        method = import_module(module_path).METHOD
        if method.slug != slug:
            raise ValueError(f"{module_path}.METHOD.slug is {method.slug!r}, settings say {slug!r}")
        found[slug] = method
    return found


def get_method(slug: str) -> ParticipationMethod:
    try:
        return methods()[slug]
    except KeyError:
        raise LookupError(f"No participation method {slug!r} is installed") from None


def method_choices() -> list[tuple[str, str]]:
    return [(slug, str(m.label)) for slug, m in methods().items()]
