"""The rule book (questionnaire.rulebook) as a PDF: A4, headings, paragraphs, list items and tables.

Pure: blocks in, bytes out. The caller registers a font family that covers German and the arrows and
quotes of the texts (the command uses the certificate's DejaVu Sans) and passes its name.
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from questionnaire.rulebook import Block


def _styles(font: str, bold: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("p", fontName=font, fontSize=9.5, leading=12.5, spaceAfter=4)
    return {
        "h1": ParagraphStyle("h1", parent=base, fontName=bold, fontSize=16, leading=20, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=base, fontName=bold, fontSize=12.5, leading=16, spaceBefore=8, spaceAfter=4),
        "h3": ParagraphStyle("h3", parent=base, fontName=bold, fontSize=10.5, leading=13.5, spaceBefore=5),
        "p": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11, spaceAfter=0),
    }


def render_pdf(
    blocks: list[Block], font: str = "Helvetica", bold: str = "Helvetica-Bold", title: str = "Regelwerk"
) -> bytes:
    """A PDF of the rule book; ``font``/``bold`` name registered reportlab fonts."""
    styles = _styles(font, bold)
    story: list[Flowable] = []
    items: list[ListItem] = []
    rows: list[list[Paragraph]] = []

    def flush() -> None:
        if items:
            story.append(ListFlowable(list(items), bulletType="bullet", start="•", leftIndent=10))
            items.clear()
        if rows:
            table = Table(list(rows), colWidths=[55 * mm, 115 * mm], repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8e8e8")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story.extend([table, Spacer(1, 4)])
            rows.clear()

    for block in blocks:
        if block.kind == "li":
            if rows:
                flush()
            items.append(ListItem(Paragraph(escape(block.text), styles["p"]), leftIndent=12))
        elif block.kind == "row":
            if items:
                flush()
            rows.append([Paragraph(escape(c), styles["cell"]) for c in block.cells])
        else:
            flush()
            story.append(Paragraph(escape(block.text), styles[block.kind]))
    flush()
    buffer = io.BytesIO()
    margins = {"leftMargin": 20 * mm, "rightMargin": 20 * mm, "topMargin": 18 * mm, "bottomMargin": 18 * mm}
    doc = SimpleDocTemplate(buffer, pagesize=A4, title=title, author="Sprachstand", lang="de-DE", **margins)
    doc.build(story)
    return buffer.getvalue()
