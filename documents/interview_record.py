"""The record of one interview as entered ("Interview als PDF"): every question and answer in
German, the learner's-language label beside it — distinct from the certificate.

Pure: takes the guide, the answers (JSON values) and a few header facts, returns PDF bytes. The
same rows feed the read-only view in the app (``record_rows``), so the page and the PDF agree.

Every language of the guide is printed, also Arabic and Persian: the embedded DejaVu Sans has the
Arabic letter forms, and ``documents.rtl`` shapes, wraps and reorders right-to-left text before
reportlab draws it (right-aligned). A line of answer text the font cannot draw at all is replaced by
a note rather than printed as boxes. Line breaks, tabs and invisible characters are layout, not
text: they never trigger the note.

With the stored score the record opens with the result: the level per skill, literacy and the course
recommendation (with reasons). Ticked can-do statements are printed as a list, each with its
translation. The PDF is dated with the interview (``RecordHeader.created``: the day it was held; the
document's creation and modification dates are the interview's creation and last change), so the
same interview gives the same bytes whenever it is printed.

Every page carries a footer with the learner's name, the interview number and "Seite N von M", as
printed records get separated.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from certificates.fonts import BOLD, REGULAR, missing_glyphs, register_fonts
from documents import rtl
from documents.answers import RECORD, format_answer, german, texts_of
from questionnaire.levels import level_name
from schemas.guide import AnyQuestion, CanDoQuestion, Guide
from schemas.vocabulary import Literacy, Skill

UNDRAWABLE = "[Text in einer Schrift, die dieses PDF nicht darstellen kann – bitte in der Anwendung ansehen]"
LABEL_WIDTH = 78 * mm
ANSWER_WIDTH = 98 * mm
FULL_WIDTH = A4[0] - 34 * mm
CELL_PADDING = 6  # reportlab's default left and right padding of a table cell (points)
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
    learner_section: str = ""  # the section title in the learner's language ("" when German only)
    # can-do checklists: the ticked statements (German, learner's language) and the checklist's length
    statements: tuple[tuple[str, str], ...] = ()
    statements_total: int = 0


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
    created: str = ""  # the day the interview was held (TT.MM.JJJJ)


def answer_text(guide: Guide, question: AnyQuestion, value: Any) -> str:
    """One answer as German text: choice labels, Ja/Nein, dates as TT.MM.JJJJ, ticked statements."""
    return str(format_answer(texts_of(guide, question), value, RECORD))


def record_rows(
    guide: Guide, answers: dict[str, Any], language: str = "de", visible: AbstractSet[str] | None = None
) -> list[RecordRow]:
    """Every (visible) question with its answer, in guide order; notes are left out."""
    rows = []
    for section, question in guide.questions():
        if question.type == "note" or (visible is not None and question.id not in visible):
            continue
        other = question.label.get(language, "") if language != "de" else ""
        statements: tuple[tuple[str, str], ...] = ()
        total = 0
        value = answers.get(question.id)
        if isinstance(question, CanDoQuestion):
            total = len(question.statements)
            ticked = set(value) if isinstance(value, list) else set()
            statements = tuple(
                (german(s.label), s.label.get(language, "") if language != "de" else "")
                for s in question.statements
                if s.id in ticked
            )
        rows.append(
            RecordRow(
                section=german(section.title),
                question_id=question.id,
                label=german(question.label),
                learner_label=other,
                answer=answer_text(guide, question, value),
                learner_section=section.title.get(language, "") if language != "de" else "",
                statements=statements,
                statements_total=total,
            )
        )
    return rows


# Line separators typed or pasted into a text area (Windows/Mac line ends, Unicode separators).
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
# Invisible characters that change nothing in Latin/Cyrillic text (soft hyphen, zero-width space,
# word joiner, byte order mark) and stray C0/C1 controls: dropped. Joiners and bidi marks stay, as
# they only matter for scripts the font cannot shape, and fonts.missing_glyphs reports them.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u2060\ufeff]")


def _lines(text: str, font: str = REGULAR, size: float = 9, width: float = ANSWER_WIDTH) -> list[str]:
    """``text`` as lines to print: tabs become spaces; a line with right-to-left text is shaped, wrapped
    at ``width`` and put into visual order (``documents.rtl``); each line the font cannot draw becomes
    the note (once for a run of such lines)."""
    lines: list[str] = []
    for line in _LINE_BREAKS.split(_INVISIBLE.sub("", text.replace("\t", " "))):
        shown: list[str] | None = [line]
        if line.strip() and rtl.has_rtl(line):
            shown = rtl.visual_lines(line, font, size, width)
        elif line.strip() and missing_glyphs(line):
            shown = None
        if shown is None:
            if not lines or lines[-1] != UNDRAWABLE:
                lines.append(UNDRAWABLE)
        else:
            lines.extend(shown)
    return lines


def _para(text: str, style: ParagraphStyle, width: float = ANSWER_WIDTH, bullet: str | None = None) -> Paragraph:
    """A paragraph of plain text (never markup) in a column ``width`` wide; right-aligned when the text
    runs right to left."""
    if rtl.starts_rtl(text):
        style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
    # a little narrower than the column: the lines wrapped here must not be wrapped again by reportlab
    room = width - 2 * CELL_PADDING - style.leftIndent - 2
    lines = _lines(text, style.fontName, style.fontSize, room)
    return Paragraph("<br/>".join(escape(line) for line in lines), style, bulletText=bullet)


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


def _result(guide: Guide, score: Mapping[str, Any], language: str, styles: dict[str, ParagraphStyle]) -> list[Any]:
    """The result as the summary showed it before submission: the level per skill (with how it was
    reached), literacy and the course recommendation with its reason — German, with the guide's
    translation of the skill and course names beside them."""
    base, small, heading = styles["base"], styles["small"], styles["heading"]
    story: list[Any] = [CondPageBreak(HEADING_MIN_ROOM), _para("Ergebnis", heading, FULL_WIDTH)]
    skills = guide.scoring.skills if guide.scoring else {}
    labels = dict(score.get("skill_labels") or {})
    explanations = score.get("explanations") or {}
    rows: list[list[Any]] = []
    for skill, level in (score.get("levels") or {}).items():
        label: list[Any] = [_para(labels.get(skill) or Skill.label_of(skill), base, LABEL_WIDTH)]
        other = skills[skill].label.get(language, "") if skill in skills and language != "de" else ""
        if other:
            label.append(_para(other, small, LABEL_WIDTH))
        answer: list[Any] = [_para(level_name(level) or str(level), styles["bold"])]
        if explanations.get(skill):
            answer.append(_para(str(explanations[skill]), small))
        rows.append([label, answer])
    literacy = score.get("literacy")
    if literacy:
        answer = [_para(Literacy.label_of(literacy), styles["bold"])]
        if score.get("literacy_explanation"):
            answer.append(_para(str(score["literacy_explanation"]), small))
        rows.append([[_para("Alphabetisierung", base, LABEL_WIDTH)], answer])
    recommendation = score.get("recommendation") or {}
    if recommendation:
        course = next((c for c in guide.course_types if c.value == recommendation.get("course")), None)
        start = recommendation.get("start_level")
        text = str(recommendation.get("course_label") or "") + (
            f", Einstieg {level_name(start) or start}" if start else ""
        )
        answer = [_para(text, styles["bold"])]
        if course is not None and language != "de" and course.label.get(language):
            answer.append(_para(course.label[language], small))
        if recommendation.get("reason"):
            answer.append(_para(str(recommendation["reason"]), small))
        rule = next((r for r in guide.recommendations if r.id == recommendation.get("rule_id")), None)
        if rule is not None and language != "de" and rule.reason.get(language):
            answer.append(_para(rule.reason[language], small))
        rows.append([[_para("Kursempfehlung", base, LABEL_WIDTH)], answer])
    reason = score.get("override_reason")
    # the level's explanation quotes the reason already where an override changed a level (as on the page)
    if reason and not any(str(reason) in str(text or "") for text in explanations.values()):
        rows.append(
            [[_para("Begründung der Abweichung", base, LABEL_WIDTH)], [_para(str(score["override_reason"]), base)]]
        )
    for warning in score.get("warnings") or []:
        rows.append([[_para("Hinweis", base, LABEL_WIDTH)], [_para(str(warning), small)]])
    if rows:
        story.append(_table(rows))
    return story


def _table(rows: list[list[Any]]) -> Table:
    table = Table(rows, colWidths=[LABEL_WIDTH, ANSWER_WIDTH], repeatRows=0)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # the cells' own font (else Helvetica, unembedded)
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#b8c2cc")),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _statements(row: RecordRow, styles: dict[str, ParagraphStyle]) -> list[Any]:
    """A can-do answer: how many statements were ticked, then each ticked statement as a list item
    (with its translation in the learner's language below)."""
    base = styles["base"]
    cell: list[Any] = [
        _para(
            f"{len(row.statements)} von {row.statements_total} Aussagen erfüllt" + (":" if row.statements else ""), base
        )
    ]
    for text, other in row.statements:
        cell.append(_para(text, styles["item"], ANSWER_WIDTH - 4 * mm, bullet="•"))
        if other:
            cell.append(_para(other, styles["item_small"], ANSWER_WIDTH - 4 * mm))
    return cell


def render_interview_record(
    guide: Guide,
    answers: dict[str, Any],
    header: RecordHeader,
    *,
    language: str = "de",
    visible: AbstractSet[str] | None = None,
    levels: dict[str, str] | None = None,
    score: Mapping[str, Any] | None = None,
    created_at: datetime | None = None,
) -> bytes:
    """The PDF (A4, DejaVu embedded, title/language metadata); identical input gives identical bytes.
    ``score``: the stored score (``Score.model_dump(mode="json")``), printed as the result section;
    ``created_at``: when the interview was held, the PDF's creation date (else reportlab's fixed one)."""
    register_fonts()
    base = ParagraphStyle("base", fontName=REGULAR, fontSize=9, leading=11.5)
    small = ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#333d4a"))
    bold = ParagraphStyle("bold", parent=base, fontName=BOLD)
    title = ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=15, leading=19, spaceAfter=4)
    heading = ParagraphStyle("heading", parent=base, fontName=BOLD, fontSize=11, leading=14, spaceBefore=8)
    item = ParagraphStyle(
        "item", parent=base, leftIndent=4 * mm, bulletIndent=0.5 * mm, bulletFontName=REGULAR, spaceBefore=1.5
    )
    item_small = ParagraphStyle("item_small", parent=small, leftIndent=4 * mm)
    styles = {"base": base, "small": small, "bold": bold, "heading": heading, "item": item, "item_small": item_small}

    held = f"Interview vom {header.created} · " if header.created else ""
    story: list[Any] = [
        _para("Interview-Protokoll (Erfassung, keine Bescheinigung)", title, FULL_WIDTH),
        _para(f"{header.learner_name} · geb. {header.birth_date}", bold, FULL_WIDTH),
        _para(
            f"{held}Interview Nr. {header.interview_id} · {header.provider} · Status: {header.status} · "
            f"Interviewer/in: {header.interviewer} · Stand: {header.updated}",
            small,
            FULL_WIDTH,
        ),
        _para(f"Leitfaden: {header.guide} · Sprache der/des Lernenden: {header.language_name}", small, FULL_WIDTH),
    ]
    if score:
        story += _result(guide, score, language, styles)
    elif levels:
        story.append(_para(_levels_line(guide, levels), small, FULL_WIDTH))

    rows = record_rows(guide, answers, language, visible)
    current_section = None
    table_rows: list[list[Any]] = []

    def flush() -> None:
        if table_rows:
            story.append(_table(table_rows))
            table_rows.clear()

    for row in rows:
        if row.section != current_section:
            flush()
            current_section = row.section
            # a section title never ends a page alone (keepWithNext would move the whole table)
            story += [CondPageBreak(HEADING_MIN_ROOM), _para(row.section, heading, FULL_WIDTH)]
            if row.learner_section:
                story.append(_para(row.learner_section, small, FULL_WIDTH))
        label: list[Any] = [_para(row.label, base, LABEL_WIDTH)]
        if row.learner_label:
            label.append(_para(row.learner_label, small, LABEL_WIDTH))
        answer = _statements(row, styles) if row.statements else [_para(row.answer, base)]
        table_rows.append([label, answer])
    flush()
    story += [
        Spacer(1, 6 * mm),
        _para("Erstellt mit Sprachstand – Aufzeichnung des Interviews, kein Zertifikat.", small, FULL_WIDTH),
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
    stamp = f"D:{created_at:%Y%m%d%H%M%S}+00'00'" if created_at else None
    doc.build(story, canvasmaker=partial(_FooterCanvas, footer_text=_footer(header), stamp=stamp))
    return buffer.getvalue()
