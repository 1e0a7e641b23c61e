"""Make the client's IP address known to the screening service, which has no request.

Services take no request (STYLE.md), yet screening rate-limits posting per IP address: this
middleware puts the address in a context variable for the length of the request.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

client_address: ContextVar[str] = ContextVar("cocity_client_address", default="")


def address_of(request: HttpRequest) -> str:
    # Behind a reverse proxy, set it to pass the real address in REMOTE_ADDR (as allauth needs).
    return request.META.get("REMOTE_ADDR", "") or ""


class ClientAddressMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = client_address.set(address_of(request))
        try:
            return self.get_response(request)
        finally:
            client_address.reset(token)
