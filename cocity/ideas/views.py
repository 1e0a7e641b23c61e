from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cocity.projects.models import Phase
from cocity.projects.selectors import phase_page_context


def phase_ideas(request: HttpRequest, phase: Phase) -> HttpResponse:
    return render(request, "ideas/phase_ideas.html", phase_page_context(request, phase))


def idea_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise NotImplementedError
