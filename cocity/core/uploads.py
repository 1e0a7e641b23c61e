"""Image uploads: checked by size and by content (not by name), then re-encoded without metadata.

Re-encoding drops EXIF (GPS position, camera serial), ICC tricks and anything appended to the
file, and bounds the size of what we store and serve.
"""

from __future__ import annotations

import io
import uuid
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def check_image_upload(upload: UploadedFile) -> None:
    """Raise ValidationError with a readable message unless the upload is a usable image."""
    max_bytes = settings.COCITY_MAX_IMAGE_BYTES
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("This image is %(size)s; the largest we accept is %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as img:
                fmt = img.format
                width, height = img.size
                img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This file is not an image we can read. Please upload a JPEG, PNG, WebP or GIF."),
            code="not_an_image",
        ) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("This image has too many pixels."), code="too_many_pixels"
        ) from None
    finally:
        upload.seek(0)
    if fmt not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("Images must be JPEG, PNG, WebP or GIF."),
            code="bad_format",
        )
    if width * height > settings.COCITY_MAX_IMAGE_PIXELS:
        raise ValidationError(_("This image has too many pixels."), code="too_many_pixels")


def reencode_image(upload: UploadedFile) -> ContentFile:
    """Return a clean copy: orientation applied, metadata dropped, longest side bounded."""
    upload.seek(0)
    with Image.open(upload) as img:
        img = ImageOps.exif_transpose(img)
        has_alpha = img.mode in ("RGBA", "LA") or (img.mode == "P" and "transparency" in img.info)
        img = img.convert("RGBA" if has_alpha else "RGB")
        max_side = settings.COCITY_IMAGE_MAX_SIDE
        img.thumbnail((max_side, max_side))
        out = io.BytesIO()
        if has_alpha:
            img.save(out, format="PNG", optimize=True)
            ext = "png"
        else:
            img.save(out, format="JPEG", quality=85, optimize=True, progressive=True)
            ext = "jpg"
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{ext}")
