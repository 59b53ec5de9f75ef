"""Image attachments (PNG, JPEG, TIFF): their type from the bytes, and opening them safely.

Pillow refuses images whose pixel count would be a decompression bomb; a TIFF may hold many pages
(frames), each read by OCR as a page of its own.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from tracuu.errors import DocumentError

PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
TYPES = {".png": PNG, ".jpg": JPEG, ".jpeg": JPEG, ".tif": TIFF, ".tiff": TIFF}
#: Largest image read, in pixels: an A3 page at 600 dpi is 70 million.
MAX_PIXELS = 100_000_000


def sniff(data: bytes) -> str | None:
    """PNG, JPEG or TIFF by their magic bytes, else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return TIFF
    return None


@contextmanager
def open_image(data: bytes) -> Iterator:
    """The image in ``data`` (a Pillow image); ``DocumentError`` if it is not one or is too large."""
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            image.load()
        except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning,
                OSError, SyntaxError, ValueError) as exc:
            raise DocumentError(f"unreadable image ({type(exc).__name__}: {str(exc)[:200]})") from exc
    try:
        yield image
    finally:
        image.close()


def page_count(data: bytes) -> int:
    """Pages (frames) in the image: more than one only in a multi-page TIFF."""
    with open_image(data) as image:
        return max(1, int(getattr(image, "n_frames", 1)))
