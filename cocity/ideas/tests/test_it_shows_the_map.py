"""The map view: a list twin with addresses is the content; markers come through json_script."""

from __future__ import annotations

import json
import re
from typing import Any

from cocity.ideas import selectors
from cocity.ideas.tests.conftest import phase_path
from cocity.testing.factories import IdeaFactory


def test_it_lists_located_ideas_with_addresses_and_coordinates(
    client: Any, phase: Any, alice: Any
) -> None:
    IdeaFactory(
        phase=phase,
        author=alice,
        title="Fountain",
        address="Place Saint-Lambert",
        latitude=50.6455,
        longitude=5.5733,
    )
    IdeaFactory(phase=phase, author=alice, title="Nowhere in particular")
    html = client.get(phase_path(phase), {"view": "map"}).content.decode()
    assert "1 idea with a location" in html
    assert "<table" in html and "Place Saint-Lambert" in html and "50.64550, 5.57330" in html
    assert "Nowhere in particular" not in html
    data = json.loads(
        re.search(
            r'<script id="map-points" type="application/json">(.*?)</script>', html, re.S
        ).group(1)
    )
    assert data[0]["title"] == "Fountain" and data[0]["lat"] == 50.6455
    # The map container is hidden until map.js shows it; no inline script anywhere.
    assert 'data-map="ideas"' in html
    assert not re.search(r"<script(?![^>]*(src=|application/json))", html)


def test_it_escapes_titles_in_the_map_data(client: Any, phase: Any, alice: Any) -> None:
    IdeaFactory(
        phase=phase,
        author=alice,
        title="</script><script>alert(1)</script>",
        latitude=50.6,
        longitude=5.5,
    )
    html = client.get(phase_path(phase), {"view": "map"}).content.decode()
    assert "</script><script>alert(1)" not in html


def test_it_works_without_a_tile_server(client: Any, phase: Any, alice: Any, settings: Any) -> None:
    settings.COCITY_MAP_TILES_URL = ""
    IdeaFactory(phase=phase, author=alice, title="Fountain", latitude=50.6, longitude=5.5)
    html = client.get(phase_path(phase), {"view": "map"}).content.decode()
    assert "Fountain" in html and 'data-map="ideas"' not in html and "leaflet.js" not in html


def test_it_bounds_the_markers_and_says_so(
    client: Any, phase: Any, alice: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(selectors, "MAP_MARKER_LIMIT", 2)
    IdeaFactory.create_batch(3, phase=phase, author=alice, latitude=50.6, longitude=5.5)
    html = client.get(phase_path(phase), {"view": "map"}).content.decode()
    assert "3 ideas with a location" in html
    assert "Only the 2 newest are shown here." in html
    assert html.count("<tr><td>") == 2
