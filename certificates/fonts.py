"""The embedded font family (DejaVu Sans, licence in certificates/fonts/LICENSE) and glyph checks.

reportlab's standard 14 fonts know Latin-1 only; DejaVu Sans covers Latin with all diacritics, Greek
and Cyrillic. reportlab draws glyphs one after another without shaping or bidi reordering, so text
that needs either (Arabic, Hebrew, Indic scripts, zero-width joiners) would come out wrong even where
DejaVu has the glyphs: ``missing_glyphs`` counts such characters as not drawable.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
FAMILY = "DejaVuSans"
_FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf", ITALIC: "DejaVuSans-Oblique.ttf"}

# Bidi classes of right-to-left text, which needs reordering and (Arabic) contextual shaping.
_RTL_CLASSES = frozenset({"R", "AL"})
# Scripts whose letters need shaping (conjuncts, vowel signs): spacing/non-spacing marks of these
# blocks would be placed wrongly without a shaping engine.
_SHAPING_CATEGORIES = frozenset({"Mc"})


@cache
def register_fonts() -> str:
    """Registers the family with reportlab once per process; returns the family name."""
    for name, file_name in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file_name)))
    pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD)
    return FAMILY


@cache
def _drawable() -> frozenset[int]:
    register_fonts()
    # A character must exist in every face, as names are drawn bold and labels in regular/oblique.
    maps = [pdfmetrics.getFont(name).face.charToGlyph for name in _FILES]
    common = set(maps[0])
    for other in maps[1:]:
        common &= set(other)
    return frozenset(common)


@cache
def _drawable_char(ch: str) -> bool:
    if ord(ch) not in _drawable():
        return False
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf", "Co", "Cs") or category in _SHAPING_CATEGORIES:
        return False
    return unicodedata.bidirectional(ch) not in _RTL_CLASSES


def missing_glyphs(text: str) -> set[str]:
    """The characters of ``text`` (after NFC) that the embedded font cannot draw correctly."""
    return {ch for ch in set(unicodedata.normalize("NFC", text)) if not _drawable_char(ch)}


def describe_characters(chars: set[str]) -> str:
    """``„ب“ (U+0628 ARABIC LETTER BEH)`` for each character, sorted: for German error messages."""
    parts = []
    for ch in sorted(chars):
        name = unicodedata.name(ch, "")
        shown = f"„{ch}“ " if unicodedata.category(ch)[0] not in "CZ" else ""
        parts.append(f"{shown}(U+{ord(ch):04X}{' ' + name if name else ''})")
    return ", ".join(parts)
