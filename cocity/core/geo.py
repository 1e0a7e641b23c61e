"""Address search against a Nominatim-compatible geocoder (settings.COCITY_GEOCODER_URL).

The geocoder is a convenience: when it is slow, down or switched off (empty URL) the search
returns no result and the forms still take a typed address and coordinates.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

MAX_QUERY_LENGTH = 200
RESULT_LIMIT = 5
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Place:
    label: str
    latitude: float
    longitude: float


def _user_agent() -> str:
    # Nominatim's usage policy asks for an identifying User-Agent.
    return f"{settings.COCITY_SITE_NAME} (Cocity civic participation; {settings.SITE_URL})"


def _parse(payload: object) -> list[Place]:
    places: list[Place] = []
    if not isinstance(payload, list):
        return places
    for item in payload[:RESULT_LIMIT]:
        try:
            label = str(item.get("display_name") or item.get("name") or "").strip()
            lat, lng = float(item["lat"]), float(item["lon"])
        except (AttributeError, KeyError, TypeError, ValueError):
            continue
        if label and -90 <= lat <= 90 and -180 <= lng <= 180:
            places.append(Place(label=label[:200], latitude=lat, longitude=lng))
    return places


def geocode(query: str) -> list[Place]:
    """Up to five places matching `query`; [] on a blank query, a disabled geocoder or any error."""
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    base_url = settings.COCITY_GEOCODER_URL
    if not query or not base_url:
        return []
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    key = "geocode:" + hashlib.sha256(f"{base_url}|{language}|{query.lower()}".encode()).hexdigest()
    cached = cache.get(key)
    if cached is not None:
        return [Place(**p) for p in cached]
    params = urlencode({"q": query, "format": "jsonv2", "limit": RESULT_LIMIT})
    separator = "&" if "?" in base_url else "?"
    request = Request(
        f"{base_url}{separator}{params}",
        headers={"User-Agent": _user_agent(), "Accept-Language": language},
    )
    try:
        with urlopen(request, timeout=settings.COCITY_GEOCODER_TIMEOUT) as response:
            payload = json.loads(response.read(1_000_000).decode("utf-8"))
    except (URLError, OSError, TimeoutError, ValueError) as error:
        logger.warning("Address search failed for %s: %s", base_url, error)
        return []
    places = _parse(payload)
    cache.set(key, [asdict(p) for p in places], CACHE_SECONDS)
    return places


def coordinates_problem(latitude: float | None, longitude: float | None) -> str | None:
    """Why a latitude/longitude pair cannot be stored (both or neither, and on Earth), or None."""
    if (latitude is None) != (longitude is None):
        return _("Give both latitude and longitude, or neither.")
    on_earth = latitude is None or (-90 <= latitude <= 90 and -180 <= longitude <= 180)  # type: ignore[operator]
    if not on_earth:
        return _("These coordinates are not on Earth.")
    return None
