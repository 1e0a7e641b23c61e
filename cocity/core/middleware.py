from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class SecurityHeadersMiddleware:
    """A Content-Security-Policy that allows only our own assets and the city's map tiles."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        tiles = settings.COCITY_MAP_TILES_URL
        tile_origin = ""
        if tiles.startswith(("http://", "https://")):
            scheme, rest = tiles.split("://", 1)
            host = rest.split("/", 1)[0].replace("{s}.", "*.")
            tile_origin = f" {scheme}://{host}"
        self.policy = (
            "default-src 'self'; "
            f"img-src 'self' data: blob:{tile_origin}; "
            "style-src 'self' 'unsafe-inline'; "
            "script-src 'self'; "
            "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", "geolocation=(self), camera=()")
        return response
