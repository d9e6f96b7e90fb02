"""Right-to-left text (Arabic, Persian) for reportlab, which neither shapes nor reorders.

The embedded DejaVu Sans (certificates/fonts/) has the Arabic presentation forms, so a text is first
shaped (``arabic_reshaper``: each letter in its contextual form, lam-alef ligatures), then wrapped in
logical order at the width it is printed in, and each line put into visual order with the Unicode bidi
algorithm (``python-bidi``); python-bidi reorders but does not mirror, so paired brackets are mirrored
here. Format characters that only steer shaping or direction (isolates, marks, joiners) are dropped
once a line is in order: the font has no glyphs for them.

Pure: text in, lines out; used by the interview record (documents/interview_record.py).
"""

from __future__ import annotations

import unicodedata
from functools import cache

import arabic_reshaper
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth

from certificates.fonts import register_fonts

_RTL_CLASSES = frozenset({"R", "AL"})
_STRONG = frozenset({"L", "R", "AL"})
_MIRROR = str.maketrans("()[]{}«»‹›<>", ")(][}{»«›‹><")
# Invisible characters that only steer shaping or direction: nothing to draw once the line is in order.
_INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\ufeff"
)


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds right-to-left letters."""
    return any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


def starts_rtl(text: str) -> bool:
    """Whether the first strong character of ``text`` is right-to-left (the paragraph's direction)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in _STRONG:
            return kind in _RTL_CLASSES
    return False


@cache
def _glyphs(font: str) -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


def _visible(text: str) -> str:
    return "".join(ch for ch in text if ch not in _INVISIBLE)


def drawable(shaped: str, font: str) -> bool:
    """Whether every visible character of an already shaped text has a glyph in ``font``."""
    glyphs = _glyphs(font)
    return all(ord(ch) in glyphs or ch.isspace() for ch in _visible(shaped))


def shape(text: str) -> str:
    """The contextual letter forms of Arabic-script text (other text unchanged)."""
    return str(arabic_reshaper.reshape(text)) if has_rtl(text) else text


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap in logical order; a word longer than the line is cut by characters."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if stringWidth(_visible(trial), font, size) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
        while len(word) > 1 and stringWidth(_visible(word), font, size) > width:
            cut = len(word) - 1
            while cut > 1 and stringWidth(_visible(word[:cut]), font, size) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines


def visual(line: str, *, rtl: bool) -> str:
    """One shaped line in visual (left-to-right drawing) order, without invisible format characters."""
    ordered = str(get_display(line, base_dir="R" if rtl else "L"))
    if rtl:  # brackets in a right-to-left paragraph come out facing the wrong way
        ordered = ordered.translate(_MIRROR)
    return _visible(ordered)


def visual_lines(text: str, font: str, size: float, width: float) -> list[str] | None:
    """``text`` (one paragraph, no line breaks) as lines to draw left to right: shaped, wrapped at
    ``width`` and reordered; None when the font lacks a glyph (the caller prints a note instead)."""
    shaped = shape(text)
    if not drawable(shaped, font):
        return None
    rtl = starts_rtl(text)
    return [visual(line, rtl=rtl) for line in wrap(shaped, font, size, width)]
