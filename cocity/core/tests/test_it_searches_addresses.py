"""Address search against a tiny local Nominatim look-alike, and when nothing answers."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from cocity.core.geo import Place, geocode

RESULTS = [
    {"display_name": "Place Saint-Lambert, Liège, Belgique", "lat": "50.6455", "lon": "5.5733"},
    {"display_name": "Broken row", "lat": "not a number", "lon": "5"},
    {"display_name": "Gare des Guillemins, Liège", "lat": "50.6245", "lon": "5.5667"},
]


class FakeNominatim(BaseHTTPRequestHandler):
    requests: list[dict[str, Any]] = []

    def do_GET(self) -> None:  # http.server's naming
        parts = urlsplit(self.path)
        FakeNominatim.requests.append(
            {"query": parse_qs(parts.query), "agent": self.headers.get("User-Agent", "")}
        )
        body = json.dumps(RESULTS if "liege" in parts.query.lower() else []).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass


@pytest.fixture
def geocoder(settings: Any) -> Iterator[list[dict[str, Any]]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeNominatim)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeNominatim.requests = []
    settings.COCITY_GEOCODER_URL = f"http://127.0.0.1:{server.server_address[1]}/search"
    try:
        yield FakeNominatim.requests
    finally:
        server.shutdown()
        server.server_close()


def test_it_returns_places_from_the_geocoder(geocoder: list) -> None:
    places = geocode("Place Saint-Lambert Liege")
    assert places == [
        Place("Place Saint-Lambert, Liège, Belgique", 50.6455, 5.5733),
        Place("Gare des Guillemins, Liège", 50.6245, 5.5667),
    ]
    sent = geocoder[0]
    assert sent["query"] == {
        "q": ["Place Saint-Lambert Liege"],
        "format": ["jsonv2"],
        "limit": ["5"],
    }
    assert "Cocity" in sent["agent"]


def test_it_caches_results(geocoder: list) -> None:
    geocode("Liege")
    geocode("  liege ")
    assert len(geocoder) == 1


def test_it_returns_nothing_and_logs_when_the_geocoder_is_unreachable(
    settings: Any, caplog: Any
) -> None:
    settings.COCITY_GEOCODER_URL = "http://127.0.0.1:9/search"  # nothing listens
    assert geocode("Liege") == []
    assert "Address search failed" in caplog.text


def test_it_does_nothing_when_switched_off_or_asked_nothing(settings: Any, geocoder: list) -> None:
    assert geocode("   ") == []
    settings.COCITY_GEOCODER_URL = ""
    assert geocode("Liege") == []
    assert geocoder == []


def test_the_page_links_each_place_back_to_the_form(client: Any, geocoder: list) -> None:
    response = client.get("/geo/search", {"q": "Liege", "next": "/projects/x/phases/1/ideas/new/"})
    html = response.content.decode()
    assert response.status_code == 200 and "<html" in html
    assert "2 places found" in html
    assert 'href="/projects/x/phases/1/ideas/new/?address=Place+Saint-Lambert' in html
    assert 'data-lat="50.645500"' in html and "50.64550, 5.57330" in html


def test_the_page_refuses_to_link_to_another_site(client: Any, geocoder: list) -> None:
    html = client.get(
        "/geo/search", {"q": "Liege", "next": "https://evil.example/"}
    ).content.decode()
    assert 'href="https://evil.example' not in html
    assert "<button" in html  # results still fill the form in place (with JavaScript)


def test_htmx_gets_only_the_results(client: Any, geocoder: list) -> None:
    response = client.get("/geo/search", {"q": "Liege"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div class="geo-results">') and "<html" not in html
    assert "data-geo-fill" in html


def test_the_page_says_so_when_the_geocoder_is_unreachable(client: Any) -> None:
    html = client.get("/geo/search", {"q": "Liege"}).content.decode()
    assert "type the address and, if you know them, the coordinates yourself" in html


def test_the_idea_form_still_works_by_typing_an_address(
    client: Any, phase: Any, alice: Any
) -> None:
    from cocity.ideas.models import Idea

    client.force_login(alice)
    url = f"/projects/{phase.project.slug}/phases/{phase.pk}/ideas/new/"
    client.post(
        url,
        {
            "title": "Bench",
            "body": "Here",
            "address": "Rue Léopold 1",
            "latitude": "50.6431",
            "longitude": "5.5752",
        },
    )
    idea = Idea.objects.get()
    assert (idea.address, idea.latitude, idea.longitude) == ("Rue Léopold 1", 50.6431, 5.5752)
