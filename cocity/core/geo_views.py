"""The address search page (no JavaScript) and fragment (htmx) behind geo:search."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from cocity.core.geo import geocode


def geo_search(request: HttpRequest) -> HttpResponse:
    """Results for ?q=: each fills address and coordinates (JS) or links back to `next` (no JS)."""
    query = request.GET.get("q", "").strip()
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not next_url.startswith("/"):
        next_url = ""
    places = geocode(query) if query else []
    results = [
        {
            "place": place,
            "link": (
                f"{next_url}?"
                + urlencode(
                    {
                        "address": place.label,
                        "latitude": place.latitude,
                        "longitude": place.longitude,
                    }
                )
                if next_url
                else ""
            ),
        }
        for place in places
    ]
    context = {"query": query, "results": results, "next_url": next_url}
    template = "geo/search.html#results" if request.htmx else "geo/search.html"
    return render(request, template, context)
