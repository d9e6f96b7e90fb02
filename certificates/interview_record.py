"""The record of one interview as entered ("Interview als PDF"): every question and answer in
German, the learner's-language label beside it — distinct from the certificate.

Pure: takes the guide, the answers (JSON values) and a few header facts, returns PDF bytes. The
same rows feed the read-only view in the app (``record_rows``), so the page and the PDF agree.

The embedded DejaVu font has no Arabic shaping (see certificates/fonts.py); for right-to-left
languages the record prints the English label instead and says so, and any answer text the font
cannot draw is replaced by a note rather than printed as boxes or in the wrong order.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from certificates.fonts import BOLD, REGULAR, missing_glyphs, register_fonts
from questionnaire.levels import is_rtl
from schemas.guide import AnyQuestion, Guide

UNANSWERED = "–"
UNDRAWABLE = "[Text in einer Schrift, die dieses PDF nicht darstellen kann – bitte in der Anwendung ansehen]"
RTL_NOTE = (
    "Hinweis: Die Sprache der/des Lernenden wird von rechts nach links geschrieben; dieses PDF zeigt "
    "statt ihrer die englische Übersetzung der Fragen."
)


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


def _de(text: dict[str, str] | None) -> str:
    if not text:
        return ""
    return text.get("de") or next(iter(text.values()), "")


def _date(value: str) -> str:
    try:
        return dt.date.fromisoformat(value).strftime("%d.%m.%Y")
    except ValueError:
        return value


def format_answer(guide: Guide, question: AnyQuestion, value: Any) -> str:
    """One answer as German text: choice labels, Ja/Nein, dates as TT.MM.JJJJ, ticked statements."""
    if value is None or value == [] or value == "":
        return UNANSWERED
    kind = question.type
    if kind == "yes_no":
        return "Ja" if value is True else "Nein" if value is False else str(value)
    if kind == "date" and isinstance(value, str):
        return _date(value)
    if question.type == "single_choice" or question.type == "multi_choice":
        labels = {c.value: _de(c.label) for c in guide.choices_of(question)}
        values = value if isinstance(value, list) else [value]
        return ", ".join(labels.get(str(v), str(v)) for v in values)
    if question.type == "can_do" and isinstance(value, list):
        ticked = [_de(s.label) for s in question.statements if s.id in value]
        head = f"{len(ticked)} von {len(question.statements)} Aussagen erfüllt"
        return head + (": " + "; ".join(ticked) if ticked else "")
    if question.type == "repeat" and isinstance(value, list):
        lines = []
        for number, item in enumerate(value, start=1):
            if not isinstance(item, dict):
                continue
            parts = [
                f"{_de(sub.label)}: {format_answer(guide, sub, item.get(sub.id))}"
                for sub in question.fields
                if item.get(sub.id) is not None
            ]
            lines.append(f"{number}. " + "; ".join(parts))
        return "\n".join(lines) or UNANSWERED
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


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
                section=_de(section.title),
                question_id=question.id,
                label=_de(question.label),
                learner_label=other,
                answer=format_answer(guide, question, answers.get(question.id)),
            )
        )
    return rows


def _drawable(text: str) -> str:
    return UNDRAWABLE if text and missing_glyphs(text) else text


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(_drawable(text)).replace("\n", "<br/>"), style)


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
        story.append(_para("Niveau je Fertigkeit: " + ", ".join(f"{k}: {v}" for k, v in levels.items()), small))

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
            story.append(_para(row.section, heading))
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
        bottomMargin=15 * mm,
        title=f"Interview-Protokoll {header.interview_id}",
        author="Sprachstand",
        subject="Interview als PDF",
        creator="Sprachstand",
        lang="de-DE",
        invariant=1,
    )
    doc.build(story)
    return buffer.getvalue()
