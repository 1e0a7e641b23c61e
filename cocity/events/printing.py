"""Helpers for the printable poster, flyer and paper idea form."""

from __future__ import annotations

import re

import qrcode
import qrcode.image.svg
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _


def qr_svg(url: str) -> SafeString:
    """An inline SVG QR code for `url`, sized by CSS, with an accessible name."""
    image = qrcode.make(
        url,
        image_factory=qrcode.image.svg.SvgPathImage,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    svg = image.to_string(encoding="unicode")
    # Let CSS size it; give it a role and a name (the URL is printed beside it too).
    svg = re.sub(r'\swidth="[^"]*"\sheight="[^"]*"', "", svg, count=1)
    label = escape(_("QR code to %(url)s") % {"url": url})
    svg = svg.replace("<svg ", f'<svg class="qr" role="img" aria-label="{label}" ', 1)
    return SafeString(svg)
