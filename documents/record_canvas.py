"""The interview record's page canvas: every page gets its footer (who, which interview, "Seite N von
M") once the page count is known; no standard-14 font and a fixed creation date, so a reprint gives the
same bytes."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from certificates.fonts import REGULAR

FOOTER_X = 17 * mm
FOOTER_Y = 9 * mm
FOOTER_SIZE = 7.5
FOOTER_COLOR = colors.HexColor("#333d4a")


class FooterCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints: Canvas is Any
    """Draws the footer once the page count is known: pages are kept until ``save``."""

    def __init__(self, *args: Any, footer_text: str = "", stamp: str | None = None, **kwargs: Any) -> None:
        kwargs["initialFontName"] = REGULAR  # no standard-14 font in the file, not even unused
        super().__init__(*args, **kwargs)
        self.footer_text = footer_text
        if stamp:  # invariant mode would date the PDF 01.01.2000: the interview's own date instead
            self.setDateFormatter(lambda *_: stamp)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(REGULAR, FOOTER_SIZE)
            self.setFillColor(FOOTER_COLOR)
            self.drawString(FOOTER_X, FOOTER_Y, self.footer_text)
            self.drawRightString(A4[0] - FOOTER_X, FOOTER_Y, f"Seite {number} von {total}")
            super().showPage()
        super().save()
