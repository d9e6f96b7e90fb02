"""Logos for the certificate: an uploaded picture checked and scaled to what the certificate prints.

Pure (Pillow on bytes). The store calls ``prepared_logo`` when a provider uploads a logo (and turns a
``LogoError`` into its ``InvalidInput``); the certificate's data assembly calls ``print_logo`` on the
stored logo, so every frozen certificate carries a picture of print size. Limits are checked from
what is cheap to read first: the size, then the pixel count from the image header (Pillow decodes
nothing on ``open``).
"""

from __future__ import annotations

import io
import logging
import warnings
from functools import lru_cache
from typing import Any

log = logging.getLogger("sprachstand.certificates")

MB = 1_000_000
MAX_LOGO_BYTES = 2 * MB
MAX_LOGO_PIXELS = 16_000_000  # e.g. 4000 × 4000; decoding it needs at most 64 MB
# The certificate prints a logo at most 34 mm wide and 16 mm high: 800 × 380 pixels are ~600 dpi.
LOGO_BOX = (800, 380)
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
NOT_AN_IMAGE = "Logo: Die Datei ist kein PNG- oder JPEG-Bild. Bitte eine Bilddatei hochladen."


class LogoError(ValueError):
    """A logo that is refused; ``str(exc)`` is a German sentence for the person who uploaded it."""


def prepared_logo(data: bytes) -> tuple[bytes, str]:
    """(bytes to store, MIME type) of an uploaded logo: a real PNG or JPEG picture within the limits,
    scaled down to ``LOGO_BOX`` and re-encoded (nothing of the upload but its pixels is kept)."""
    if len(data) > MAX_LOGO_BYTES:
        raise LogoError(f"Logo: höchstens {MAX_LOGO_BYTES // MB} MB. Bitte eine kleinere Datei hochladen.")
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            # Pillow's own bomb warning comes with the header; the pixel limit below is stricter.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=tuple(LOGO_FORMATS)) as image:
                width, height = image.size  # from the header: nothing is decoded yet
                if width * height > MAX_LOGO_PIXELS:
                    raise LogoError(
                        f"Logo: {width} × {height} Bildpunkte sind zu viele (höchstens "
                        f"{MAX_LOGO_PIXELS // MB} Millionen, z. B. 4000 × 4000). Bitte das Bild verkleinern; "
                        f"auf der Bescheinigung genügen {LOGO_BOX[0]} × {LOGO_BOX[1]}."
                    )
                kind = str(image.format)
                if kind == "JPEG":
                    image.draft("RGB", LOGO_BOX)  # JPEG decodes at 1/2 … 1/8 scale directly
                picture = ImageOps.exif_transpose(image)
                picture.thumbnail(LOGO_BOX, Image.Resampling.LANCZOS)
                return _encoded(picture, kind), LOGO_FORMATS[kind]
    except LogoError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise LogoError(NOT_AN_IMAGE) from exc


def _encoded(picture: Any, kind: str) -> bytes:
    out = io.BytesIO()
    if kind == "PNG":
        if picture.mode not in ("1", "L", "LA", "P", "RGB", "RGBA"):
            picture = picture.convert("RGBA")
        picture.save(out, format="PNG", optimize=True)
    else:
        picture.convert("RGB").save(out, format="JPEG", quality=90)
    return out.getvalue()


@lru_cache(maxsize=32)
def print_logo(logo: bytes | None) -> bytes | None:
    """The logo as frozen into certificates: scaled down to print resolution (600 dpi at the printed
    16 × 34 mm; anything finer only makes each stored certificate heavier). A stored logo with more
    pixels than an upload may have (from before uploads were measured) is left out rather than
    decoded for every certificate."""
    if not logo:
        return logo
    try:
        smaller, _ = prepared_logo(logo)
    except LogoError:
        log.warning("stored logo refused (not a picture, or too many pixels); printed without it")
        return None
    return smaller
