from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cocity.backoffice.access import require_backoffice


@require_backoffice
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "backoffice/dashboard.html", {})
