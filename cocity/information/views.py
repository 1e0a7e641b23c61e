from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cocity.projects.models import Phase
from cocity.projects.selectors import phase_page_context


def phase_information(request: HttpRequest, phase: Phase) -> HttpResponse:
    return render(request, "information/phase.html", phase_page_context(request, phase))
