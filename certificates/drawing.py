"""Drawing primitives of the certificate: millimetre coordinates from the top-left, bilingual labels,
text that shrinks or wraps to fit, rules and logos. Everything reads sizes and colours from a Layout.

User text is only ever drawn as a plain text-show operator (``text``) — never parsed as Paragraph
markup — so ``<b>`` in a name prints as ``<b>``.
"""

from __future__ import annotations

import io
from functools import lru_cache

from reportlab import rl_config
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.units import mm as _mm
from reportlab.lib.utils import ImageReader, simpleSplit
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas

from .fonts import register_fonts
from .layout import DEFAULT_LAYOUT, Align, Font, Layout

mm: float = float(_mm)  # points per millimetre

# ASCII85 wrapping of compressed streams only serves 7-bit mail transports; without the C
# accelerator it costs a fifth of the rendering time. Set once at import (not per call) so every
# rendering in the process sees the same value and stays byte-identical.
rl_config.useA85 = 0


@lru_cache(maxsize=4096)
def _wrap(text: str, font: str, size: float, width: float) -> tuple[str, ...]:
    # Batch printing repeats the same can-do sentences on every page: wrapping them once pays.
    if not text:
        return ()
    lines: list[str] = []
    for line in simpleSplit(text, font, size, width):
        lines.extend(_break_word(line, font, size, width) if stringWidth(line, font, size) > width else [line])
    return tuple(lines)


def _break_word(line: str, font: str, size: float, width: float) -> list[str]:
    """Splits a line with no space to wrap at (a very long compound name) by characters, after a hyphen if possible."""
    pieces: list[str] = []
    rest = line
    while rest:
        cut = len(rest)
        while cut > 1 and stringWidth(rest[:cut], font, size) > width:
            cut -= 1
        hyphen = rest.rfind("-", 0, cut)
        if cut < len(rest) and hyphen > 0:
            cut = hyphen + 1
        pieces.append(rest[:cut])
        rest = rest[cut:]
    return pieces


@lru_cache(maxsize=4096)
def _width(text: str, font: str, size: float) -> float:
    return float(stringWidth(text, font, size))


class PageDrawer:
    """Primitives shared by the certificate's sections; positions are mm from the top-left corner."""

    def __init__(self, layout: Layout = DEFAULT_LAYOUT) -> None:
        register_fonts()
        self.layout = layout
        self.colors: dict[str, Color] = {name: HexColor(value) for name, value in layout.colors.items()}
        self._fill_ops = {name: f"{col.red:.3f} {col.green:.3f} {col.blue:.3f} rg" for name, col in self.colors.items()}
        self._images: dict[bytes, ImageReader] = {}

    def x(self, mm_from_left: float) -> float:
        return mm_from_left * mm

    def y(self, mm_from_top: float) -> float:
        return (self.layout.page_height - mm_from_top) * mm

    def font(self, role: str, scale: float = 1.0) -> Font:
        f = self.layout.fonts[role]
        return f if scale == 1.0 else Font(f.name, round(f.size * scale, 2), round(f.line * scale, 2))

    def text(
        self,
        c: Canvas,
        left: float,
        top: float,
        text: str,
        font: Font | str,
        color: str = "text",
        align: Align = "left",
    ) -> None:
        """Draws one line with its baseline at ``top`` mm; ``left`` is the anchor for ``align``.

        This is ``canvas.drawString`` without its per-call overhead (bidi pass, width measuring, a new
        text object, re-emitting font and colour state): the subset encoding is reportlab's own
        (``splitString``/``getSubsetInternalName``), so the embedded subsets and their ToUnicode maps
        — what text extraction and copy & paste rely on — are exactly those drawString would make.
        """
        f = self.font(font) if isinstance(font, str) else font
        x = left * mm
        if align != "left":
            width = _width(text, f.name, f.size)
            x -= width if align == "right" else width / 2
        doc = c._doc
        ttf = getFont(f.name)
        shows = " ".join(
            f"{ttf.getSubsetInternalName(subset, doc)} {f.size:g} Tf ({c._escape(chunk)}) Tj"
            for subset, chunk in ttf.splitString(text, doc)
        )
        c.addLiteral(f"BT {self._fill_ops[color]} 1 0 0 1 {x:.2f} {self.y(top):.2f} Tm {shows} ET")

    def lines(self, text: str, font: Font, width_mm: float) -> tuple[str, ...]:
        return _wrap(text, font.name, font.size, width_mm * mm)

    def fit(
        self, text: str, role: str, width_mm: float, min_size: float, max_lines: int = 2
    ) -> tuple[Font, tuple[str, ...]]:
        """The largest size (down to ``min_size``) at which ``text`` fits one line, else wrapped lines.

        With ``max_lines=1`` the text is never cut: it shrinks below ``min_size`` as far as needed.
        """
        f = self.font(role)
        size = f.size
        while size >= min_size:
            if _width(text, f.name, size) <= width_mm * mm:
                return Font(f.name, size), (text,)
            size -= 0.5
        if max_lines == 1:
            exact = f.size * width_mm * mm / _width(text, f.name, f.size)
            return Font(f.name, int(exact * 10) / 10), (text,)
        size = min_size
        while True:
            wrapped = _wrap(text, f.name, size, width_mm * mm)
            if len(wrapped) <= max_lines or size <= 6:
                return Font(f.name, size, size * 1.2), wrapped
            size -= 0.5

    def label(self, c: Canvas, left: float, top: float, key: str, role: str = "label", align: Align = "left") -> None:
        """A bilingual label on one line: German, then ' / English' in the muted italic."""
        lab = self.layout.labels[key]
        de_font, en_font = self.font(role), self.font(f"{role}_en")
        de_text, en_text = lab.de, f"  /  {lab.en}"
        de_w, en_w = _width(de_text, de_font.name, de_font.size), _width(en_text, en_font.name, en_font.size)
        start = left * mm
        if align == "right":
            start -= de_w + en_w
        elif align == "center":
            start -= (de_w + en_w) / 2
        self.text(c, start / mm, top, de_text, de_font, "muted" if role in ("label", "hint") else "text")
        self.text(c, (start + de_w) / mm, top, en_text, en_font, "muted")

    def rule(self, c: Canvas, x1: float, x2: float, top: float, color: str = "rule", width: float = 0.5) -> None:
        c.setStrokeColor(self.colors[color])
        c.setLineWidth(width)
        c.line(self.x(x1), self.y(top), self.x(x2), self.y(top))

    def image(self, c: Canvas, data: bytes, left: float, top: float, align: Align = "left") -> float:
        """Draws a logo ``logo_height`` mm high (narrower if very wide); returns its width in mm."""
        reader = self._images.get(data)
        if reader is None:
            reader = self._images[data] = ImageReader(io.BytesIO(data))
        w_px, h_px = reader.getSize()
        height = self.layout.logo_height
        width = float(height * w_px / h_px)
        if width > self.layout.logo_max_width:
            width, height = self.layout.logo_max_width, self.layout.logo_max_width * h_px / w_px
        x = left - width if align == "right" else left
        c.drawImage(reader, self.x(x), self.y(top + height), width * mm, height * mm, mask="auto")
        return width
