from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_NAME": settings.COCITY_SITE_NAME,
        "MAP_TILES_URL": settings.COCITY_MAP_TILES_URL,
        "MAP_ATTRIBUTION": settings.COCITY_MAP_ATTRIBUTION,
    }
