"""QR codes as inline SVG (no image file, no external request), for printed ballot sheets."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.utils.safestring import SafeString


def svg(url: str) -> SafeString:
    """An inline <svg> of a QR code for `url`, sized by CSS."""
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    text = image.to_string(encoding="unicode")
    if text.startswith("<?xml"):
        text = text[text.index("?>") + 2 :]
    return SafeString(text.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1))
