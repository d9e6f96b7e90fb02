"""The record of one interview as entered ("Interview als PDF"): every question and answer in
German, the learner's-language label beside it — distinct from the certificate.

Pure: takes the guide, the answers (JSON values) and a few header facts, returns PDF bytes. The
same rows feed the read-only view in the app (``record_rows``), so the page and the PDF agree.

The embedded DejaVu font has no Arabic shaping (see certificates/fonts.py); for right-to-left
languages the record prints the English label instead and says so, and any line of answer text the
font cannot draw is replaced by a note rather than printed as boxes or in the wrong order. Line
breaks, tabs and invisible characters are layout, not text: they never trigger the note.

Every page carries a footer with the learner's name, the interview number and "Seite N von M", as
printed records get separated.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import partial
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from certificates.fonts import BOLD, REGULAR, missing_glyphs, register_fonts
from documents.answers import RECORD, format_answer, german, texts_of
from questionnaire.levels import is_rtl, level_name
from schemas.guide import AnyQuestion, Guide
from schemas.vocabulary import Skill

UNDRAWABLE = "[Text in einer Schrift, die dieses PDF nicht darstellen kann – bitte in der Anwendung ansehen]"
RTL_NOTE = (
    "Hinweis: Die Sprache der/des Lernenden wird von rechts nach links geschrieben; dieses PDF zeigt "
    "statt ihrer die englische Übersetzung der Fragen."
)
# Footer position (bottom left/right, inside the bottom margin).
FOOTER_X = 17 * mm
FOOTER_Y = 9 * mm
FOOTER_SIZE = 7.5
RECORD_MARK = "Interview-Protokoll, keine Bescheinigung"
HEADING_MIN_ROOM = 30 * mm  # a section title needs room for itself and a row or two below it
FOOTER_COLOR = colors.HexColor("#333d4a")
FOOTER_WIDTH = A4[0] - 2 * FOOTER_X - 30 * mm  # the rest is "Seite N von M"


@dataclass(frozen=True)
class RecordRow:
    section: str  # German section title
    question_id: str
    label: str  # German label
    learner_label: str  # label in the learner's language ("" when German only)
    answer: str  # the answer as a German text


@dataclass(frozen=True)
class RecordHeader:
    interview_id: int
    learner_name: str
    birth_date: str
    provider: str
    status: str
    interviewer: str
    guide: str
    updated: str
    language_name: str


def answer_text(guide: Guide, question: AnyQuestion, value: Any) -> str:
    """One answer as German text: choice labels, Ja/Nein, dates as TT.MM.JJJJ, ticked statements."""
    return str(format_answer(texts_of(guide, question), value, RECORD))


def record_rows(
    guide: Guide, answers: dict[str, Any], language: str = "de", visible: set[str] | None = None
) -> list[RecordRow]:
    """Every (visible) question with its answer, in guide order; notes are left out."""
    rows = []
    for section, question in guide.questions():
        if question.type == "note" or (visible is not None and question.id not in visible):
            continue
        other = question.label.get(language, "") if language != "de" else ""
        rows.append(
            RecordRow(
                section=german(section.title),
                question_id=question.id,
                label=german(question.label),
                learner_label=other,
                answer=answer_text(guide, question, answers.get(question.id)),
            )
        )
    return rows


# Line separators typed or pasted into a text area (Windows/Mac line ends, Unicode separators).
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
# Invisible characters that change nothing in Latin/Cyrillic text (soft hyphen, zero-width space,
# word joiner, byte order mark) and stray C0/C1 controls: dropped. Joiners and bidi marks stay, as
# they only matter for scripts the font cannot shape, and fonts.missing_glyphs reports them.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u2060\ufeff]")


def _lines(text: str) -> list[str]:
    """``text`` as lines to print: tabs become spaces, each line the font cannot draw becomes the note
    (once for a run of such lines)."""
    lines: list[str] = []
    for line in _LINE_BREAKS.split(_INVISIBLE.sub("", text.replace("\t", " "))):
        if line.strip() and missing_glyphs(line):
            if not lines or lines[-1] != UNDRAWABLE:
                lines.append(UNDRAWABLE)
        else:
            lines.append(line)
    return lines


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph("<br/>".join(escape(line) for line in _lines(text)), style)


def _levels_line(guide: Guide, levels: dict[str, str]) -> str:
    """``Hören: A2, Lesen: A1, …`` in the guide's skill order, by the guide's German skill names."""
    labels = Skill.labels()
    if guide.scoring:
        labels |= {skill: german(s.label) for skill, s in guide.scoring.skills.items()}
    order = list(guide.scoring.skills if guide.scoring else ()) + list(Skill) + list(levels)
    parts = []
    for skill in dict.fromkeys(s for s in order if s in levels):
        parts.append(f"{labels.get(skill, skill)}: {level_name(levels[skill]) or levels[skill]}")
    return "Niveau je Fertigkeit: " + ", ".join(parts)


def _footer(header: RecordHeader) -> str:
    """Who and which interview, for the left of every page's footer. What would run into "Seite N von
    M" gives way in this order: the words "Interview-Protokoll, keine Bescheinigung", then the end of
    the name; a name the font cannot draw is left out."""
    number = f"Interview Nr. {header.interview_id}"
    name = " ".join(header.learner_name.split())
    if not name or missing_glyphs(name):
        return f"{number} · {RECORD_MARK}"

    def fits(text: str) -> bool:
        return bool(stringWidth(text, REGULAR, FOOTER_SIZE) <= FOOTER_WIDTH)

    if fits(full := f"{name} (geb. {header.birth_date}) · {number} · {RECORD_MARK}"):
        return full
    while len(name) > 1 and not fits(f"{name} (geb. {header.birth_date}) · {number}"):
        name = name[:-2].rstrip() + "…"
    return f"{name} (geb. {header.birth_date}) · {number}"


class _FooterCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints: Canvas is Any
    """Draws the footer once the page count is known: pages are kept until ``save``."""

    def __init__(self, *args: Any, footer_text: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.footer_text = footer_text
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


def render_interview_record(
    guide: Guide,
    answers: dict[str, Any],
    header: RecordHeader,
    *,
    language: str = "de",
    visible: set[str] | None = None,
    levels: dict[str, str] | None = None,
) -> bytes:
    """The PDF (A4, DejaVu embedded, title/language metadata); identical input gives identical bytes."""
    register_fonts()
    shown_language = "en" if is_rtl(language) and "en" in guide.languages else language
    base = ParagraphStyle("base", fontName=REGULAR, fontSize=9, leading=11.5)
    small = ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#333d4a"))
    bold = ParagraphStyle("bold", parent=base, fontName=BOLD)
    title = ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=15, leading=19, spaceAfter=4)
    heading = ParagraphStyle("heading", parent=base, fontName=BOLD, fontSize=11, leading=14, spaceBefore=8)

    story: list[Any] = [
        _para("Interview-Protokoll (Erfassung, keine Bescheinigung)", title),
        _para(f"{header.learner_name} · geb. {header.birth_date}", bold),
        _para(
            f"Interview Nr. {header.interview_id} · {header.provider} · Status: {header.status} · "
            f"Interviewer/in: {header.interviewer} · Stand: {header.updated}",
            small,
        ),
        _para(f"Leitfaden: {header.guide} · Sprache der/des Lernenden: {header.language_name}", small),
    ]
    if shown_language != language:
        story.append(_para(RTL_NOTE, small))
    if levels:
        story.append(_para(_levels_line(guide, levels), small))

    rows = record_rows(guide, answers, shown_language, visible)
    current_section = None
    table_rows: list[list[Any]] = []

    def flush() -> None:
        if table_rows:
            table = Table(table_rows, colWidths=[78 * mm, 98 * mm], repeatRows=0)
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#b8c2cc")),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ]
                )
            )
            story.append(table)
            table_rows.clear()

    for row in rows:
        if row.section != current_section:
            flush()
            current_section = row.section
            # a section title never ends a page alone (keepWithNext would move the whole table)
            story += [CondPageBreak(HEADING_MIN_ROOM), _para(row.section, heading)]
        label: list[Any] = [_para(row.label, base)]
        if row.learner_label:
            label.append(_para(row.learner_label, small))
        table_rows.append([label, _para(row.answer, base)])
    flush()
    story += [
        Spacer(1, 6 * mm),
        _para("Erstellt mit Sprachstand – Aufzeichnung des Interviews, kein Zertifikat.", small),
    ]

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=17 * mm,
        rightMargin=17 * mm,
        topMargin=15 * mm,
        bottomMargin=17 * mm,
        title=f"Interview-Protokoll {header.interview_id}",
        author="Sprachstand",
        subject="Interview als PDF",
        creator="Sprachstand",
        lang="de-DE",
        invariant=1,
    )
    doc.build(story, canvasmaker=partial(_FooterCanvas, footer_text=_footer(header)))
    return buffer.getvalue()
